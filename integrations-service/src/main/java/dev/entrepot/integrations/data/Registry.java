package dev.entrepot.integrations.data;

import java.time.OffsetDateTime;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The integrations of each organization as identity-service last announced them (topic
 * identity.integrations). The gateway already refuses a disabled integration's keys; this copy makes
 * the refusal hold for an internal token issued just before the change, too. Rows: {@link RegistryRow}.
 */
@ApplicationScoped
public class Registry {

    /** A name's live integration before its deleted ones, the newest first. */
    private static final Sort LIVE_AND_NEWEST_FIRST = Sort.by("deleted").and("changed", Sort.Direction.Descending);

    private final RegistryRows rows;

    Registry(RegistryRows rows) {
        this.rows = rows;
    }

    public record Entry(boolean enabled, boolean allowWriteData, boolean deleted, OffsetDateTime changed) {
    }

    /** The integration named {@code name}, if identity-service has announced it. */
    public Optional<Entry> find(String organization, String name) {
        return rows.find("organization = ?1 and name = ?2", LIVE_AND_NEWEST_FIRST, organization, name).firstResultOptional()
                .map(row -> new Entry(row.enabled(), row.allowWriteData(), row.deleted(), row.changed()));
    }

    /**
     * Records an integration as an event shows it, in one upsert: an event older than the one recorded, or
     * any event after the integration's deletion, changes nothing.
     */
    public void record(String organization, JsonNode integration, boolean deleted, OffsetDateTime changed) {
        rows.getEntityManager().createQuery("insert into RegistryRow r (id, organization, name, enabled, allowWriteData, deleted, "
                + "changed) values (?1, ?2, ?3, ?4, ?5, ?6, ?7) on conflict (id) do update set name = excluded.name, "
                + "enabled = excluded.enabled, allowWriteData = excluded.allowWriteData, deleted = excluded.deleted, "
                + "changed = excluded.changed where r.changed <= excluded.changed and r.deleted = false")
                .setParameter(1, integration.path("id").asText()).setParameter(2, organization)
                .setParameter(3, integration.path("name").asText()).setParameter(4, integration.path("enabled").asBoolean(true))
                .setParameter(5, integration.path("allow_write_data").asBoolean(false)).setParameter(6, deleted)
                .setParameter(7, changed).executeUpdate();
    }
}
