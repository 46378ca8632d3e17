package dev.entrepot.integrations.data;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of {@code integrations} (V2__integration_data.sql): an integration as identity-service last
 * announced it. Written only by {@link Registry#record}'s one upsert.
 */
@Entity
@Table(name = "integrations")
class RegistryRow {

    @Id
    @Column(name = "id", nullable = false)
    private String id;

    @Column(name = "org_id", nullable = false)
    private String organization;

    @Column(name = "name", nullable = false)
    private String name;

    @Column(name = "enabled", nullable = false)
    private boolean enabled;

    @Column(name = "allow_write_data", nullable = false)
    private boolean allowWriteData;

    @Column(name = "deleted", nullable = false)
    private boolean deleted;

    @Column(name = "changed", nullable = false)
    private OffsetDateTime changed;

    protected RegistryRow() {
    }

    boolean enabled() {
        return enabled;
    }

    boolean allowWriteData() {
        return allowWriteData;
    }

    boolean deleted() {
        return deleted;
    }

    OffsetDateTime changed() {
        return changed;
    }
}
