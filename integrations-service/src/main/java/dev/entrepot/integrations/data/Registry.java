package dev.entrepot.integrations.data;

import java.time.OffsetDateTime;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.entrepot.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The integrations of each organization as identity-service last announced them (topic
 * identity.integrations). The gateway already refuses a disabled integration's keys; this copy makes
 * the refusal hold for an internal token issued just before the change, too.
 */
@ApplicationScoped
public class Registry {

    private final Sql sql;

    Registry(Sql sql) {
        this.sql = sql;
    }

    public record Entry(boolean enabled, boolean allowWriteData, boolean deleted, OffsetDateTime changed) {
    }

    /** The integration named {@code name}, if identity-service has announced it. */
    public Optional<Entry> find(String organization, String name) {
        return sql.one("SELECT enabled, allow_write_data, deleted, changed FROM integrations WHERE org_id = ? AND name = ? "
                + "ORDER BY deleted, changed DESC LIMIT 1", row -> new Entry(row.getBoolean(1), row.getBoolean(2),
                        row.getBoolean(3), Sql.timestamp(row, "changed")), organization, name);
    }

    /** Records an integration as an event shows it; an older event than the one recorded changes nothing. */
    public void record(String organization, JsonNode integration, boolean deleted, OffsetDateTime changed) {
        sql.update("INSERT INTO integrations (id, org_id, name, enabled, allow_write_data, deleted, changed) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, enabled = excluded.enabled, "
                + "allow_write_data = excluded.allow_write_data, deleted = excluded.deleted, changed = excluded.changed "
                + "WHERE integrations.changed <= excluded.changed AND NOT integrations.deleted",
                integration.path("id").asText(), organization, integration.path("name").asText(),
                integration.path("enabled").asBoolean(true), integration.path("allow_write_data").asBoolean(false), deleted,
                changed);
    }
}
