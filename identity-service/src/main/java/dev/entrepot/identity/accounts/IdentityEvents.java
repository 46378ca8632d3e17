package dev.entrepot.identity.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.identity.Identity;
import dev.entrepot.platform.api.RecordChange;
import dev.entrepot.platform.events.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * identity-service's events (docs/architecture.md#events), written to the outbox in the transaction of the change.
 * The gateway evicts its cached credentials on them; integrations-service deletes a deleted
 * integration's data. No event carries a secret or a hash of one.
 */
@ApplicationScoped
public class IdentityEvents {

    public static final String INTEGRATIONS = "identity.integrations";
    public static final String API_KEYS = "identity.api-keys";
    public static final String USERS = "identity.users";
    public static final String DEPARTMENTS = "identity.departments";

    private final Outbox outbox;

    IdentityEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    /** created, updated (its name, role, password or is_enabled), disabled */
    public void user(String happened, String organization, JsonNode user) {
        outbox.add(USERS, "entrepot.identity.user." + happened + ".v1", user.get("id").asText(), organization, user);
    }

    /**
     * A user joined a department, changed role in it or left it ({@code role} null): what the user may do
     * changed, so the gateway drops the user's cached credentials. On {@value #USERS}, keyed by the user.
     */
    public void membership(String organization, String userId, String departmentId, String role) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("id", userId).put("department_id", departmentId).put("role", role);
        outbox.add(USERS, "entrepot.identity.user.membership-changed.v1", userId, organization, data);
    }

    /**
     * A user's credential that stopped working before its time: {@code session.ended} (logout, a replayed
     * refresh token) or {@code access-token.revoked}; on {@value #USERS}, keyed by the credential's id.
     */
    public void userCredential(String what, String organization, String id, String userId) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("id", id).put("user_id", userId);
        outbox.add(USERS, "entrepot.identity." + what + ".v1", id, organization, data);
    }

    /** created, revoked */
    public void apiKey(String happened, String organization, JsonNode key) {
        outbox.add(API_KEYS, "entrepot.identity.api-key." + happened + ".v1", key.get("id").asText(), organization, key);
    }

    /**
     * An integration written through the generic API: created, updated, disabled (enabled went from true
     * to false) or deleted (its keys went with it, by foreign key).
     */
    void integrationChanged(@Observes RecordChange change) {
        if (change.type() != Identity.INTEGRATIONS) {
            return;
        }
        String happened;
        if (change.isCreate()) {
            happened = "created";
        } else if (change.isDelete()) {
            happened = "deleted";
        } else if (change.before().json().path("enabled").asBoolean() && !change.after().json().path("enabled").asBoolean()) {
            happened = "disabled";
        } else {
            happened = "updated";
        }
        JsonNode integration = (change.isDelete() ? change.before() : change.after()).json();
        outbox.add(INTEGRATIONS, "entrepot.identity.integration." + happened + ".v1", change.id(), change.organization(),
                integration);
    }

    /** A department written through the generic API: created, updated or deleted (integrations-service purges its data). */
    void departmentChanged(@Observes RecordChange change) {
        if (change.type() != Identity.DEPARTMENTS) {
            return;
        }
        String happened = change.isCreate() ? "created" : change.isDelete() ? "deleted" : "updated";
        JsonNode department = (change.isDelete() ? change.before() : change.after()).json();
        outbox.add(DEPARTMENTS, "entrepot.identity.department." + happened + ".v1", change.id(), change.organization(),
                department);
    }
}
