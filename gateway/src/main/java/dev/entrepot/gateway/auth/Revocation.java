package dev.entrepot.gateway.auth;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an identity event ends: one credential (an API key, an access token, a session), everything of
 * one user, or every key of one integration.
 */
public record Revocation(Scope scope, String organization, String id) {

    public enum Scope {
        CREDENTIAL("credential"), SUBJECT("subject"), INTEGRATION("integration");

        final String mark;

        Scope(String mark) {
            this.mark = mark;
        }
    }

    /** The Redis key that {@code credential-lookup.lua} checks; keep the two in step. */
    String markKey() {
        return "gw:revoked:" + scope.mark + ":{" + organization + "}:" + id;
    }

    /**
     * The revocation an identity event (a CloudEvent of identity-service, docs/architecture.md#events) stands for,
     * if any. Creations end nothing; any other change of a user or an integration may have narrowed what
     * its credentials may do, so it ends their cached resolutions too.
     */
    public static Optional<Revocation> of(JsonNode event) {
        String type = event.path("type").asText();
        String organization = event.path("orgid").asText(null);
        String subject = event.path("subject").asText(null);
        if (organization == null || subject == null || type.endsWith(".created.v1")) {
            return Optional.empty();
        }
        if (type.startsWith("entrepot.identity.api-key.") || type.startsWith("entrepot.identity.access-token.")
                || type.startsWith("entrepot.identity.session.")) {
            return Optional.of(new Revocation(Scope.CREDENTIAL, organization, subject));
        }
        if (type.startsWith("entrepot.identity.user.")) {
            return Optional.of(new Revocation(Scope.SUBJECT, organization, subject));
        }
        if (type.startsWith("entrepot.identity.integration.")) {
            String name = event.path("data").path("name").asText(null);
            return name == null ? Optional.empty() : Optional.of(new Revocation(Scope.INTEGRATION, organization, name));
        }
        return Optional.empty();
    }
}
