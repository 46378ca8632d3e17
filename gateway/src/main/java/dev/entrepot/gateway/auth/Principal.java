package dev.entrepot.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Who a credential belongs to, as identity-service resolved it, with the internal token the gateway
 * forwards in its place.
 *
 * @param expiresAt  when the internal token expires, epoch ms
 * @param resolvedAt when identity-service was asked, in Redis's clock (epoch ms), or 0 when Redis was not reachable
 */
public record Principal(String organization, String subject, String credentialId, String integration,
        String token, long expiresAt, long resolvedAt) {

    /** From the {@code data} of identity-service's {@code POST /internal/v1/authenticate}. */
    static Principal fromIdentity(JsonNode data, long now, long resolvedAt) {
        return new Principal(data.path("organization_id").asText(), data.path("subject").asText(),
                text(data, "credential_id"), text(data, "integration"),
                data.path("token").asText(), now + data.path("expires_in").asLong() * 1000, resolvedAt);
    }

    /** The Redis entry, read by {@code credential-lookup.lua} too: keep the field names in step. */
    String toEntry() {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.put("organization_id", organization);
        entry.put("subject", subject);
        entry.put("credential_id", credentialId);
        entry.put("integration", integration);
        entry.put("token", token);
        entry.put("expires_at", expiresAt);
        entry.put("resolved_at", resolvedAt);
        return entry.toString();
    }

    static Principal fromEntry(JsonNode entry) {
        return new Principal(entry.path("organization_id").asText(), entry.path("subject").asText(),
                text(entry, "credential_id"), text(entry, "integration"),
                entry.path("token").asText(), entry.path("expires_at").asLong(), entry.path("resolved_at").asLong());
    }

    boolean matches(Revocation revocation) {
        if (!organization.equals(revocation.organization())) {
            return false;
        }
        return switch (revocation.scope()) {
            case CREDENTIAL -> revocation.id().equals(credentialId);
            case SUBJECT -> revocation.id().equals(subject);
            case INTEGRATION -> revocation.id().equals(integration);
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
