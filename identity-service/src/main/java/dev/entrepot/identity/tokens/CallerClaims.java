package dev.entrepot.identity.tokens;

import java.util.List;

/**
 * Who a credential belongs to, as the claims of the internal token (docs/architecture.md#identity-and-access).
 *
 * @param kind        user, session, access_token or api_key: what the credential was
 * @param subject     the user's id, or the API key's id
 * @param integration the API key's integration name, else null
 * @param departments department memberships as {@code "<department id>:<role>"}
 * @param session     the session id when the credential was a session token, else null
 * @param credential  the id of the credential itself (API key, access token, session; the user for a
 *                    password), which identity's events name when it is revoked
 * @param locale      the organization's locale, its answers' language when a request names none
 */
public record CallerClaims(String organization, String subject, String kind, String integration,
        boolean allowWriteData, List<String> roles, List<String> departments, String session, String credential,
        String locale) {
}
