package dev.entrepot.identity.apikeys;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@code api_keys} (V2__identity.sql): one key of an integration, kept as its SHA-256 hash. */
@Entity
@Table(name = "api_keys")
class ApiKeyRow {

    @Id
    @Column(name = "id", nullable = false)
    private String id;

    @Column(name = "org_id", nullable = false)
    private String organization;

    @Column(name = "integration_id", nullable = false)
    private String integrationId;

    @Column(name = "name", nullable = false)
    private String name;

    @Column(name = "role", nullable = false)
    private String role;

    @Column(name = "prefix", nullable = false)
    private String prefix;

    @Column(name = "key_hash", nullable = false)
    private byte[] keyHash;

    @Column(name = "created", nullable = false)
    private OffsetDateTime created;

    @Column(name = "last_used")
    private OffsetDateTime lastUsed;

    protected ApiKeyRow() {
    }

    ApiKeyRow(String id, String organization, String integrationId, String name, String role, String prefix, byte[] keyHash,
            OffsetDateTime created) {
        this.id = id;
        this.organization = organization;
        this.integrationId = integrationId;
        this.name = name;
        this.role = role;
        this.prefix = prefix;
        this.keyHash = keyHash;
        this.created = created;
    }

    String id() {
        return id;
    }

    String integrationId() {
        return integrationId;
    }

    String name() {
        return name;
    }

    String role() {
        return role;
    }

    String prefix() {
        return prefix;
    }

    OffsetDateTime created() {
        return created;
    }

    OffsetDateTime lastUsed() {
        return lastUsed;
    }
}
