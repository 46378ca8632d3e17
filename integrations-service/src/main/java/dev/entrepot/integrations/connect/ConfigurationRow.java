package dev.entrepot.integrations.connect;

import java.time.OffsetDateTime;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@code configurations} (V3__connections.sql); the client secret as stored, sealed by {@link SecretBox}. */
@Entity
@Table(name = "configurations")
class ConfigurationRow {

    @Id
    @Column(name = "id", nullable = false)
    private String id;

    @Column(name = "org_id", nullable = false)
    private String organization;

    @Column(name = "connector_id", nullable = false)
    private String connectorId;

    @Column(name = "client_id", nullable = false)
    private String clientId;

    @Column(name = "client_secret_sealed", nullable = false)
    private String clientSecretSealed;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "scopes", nullable = false)
    private String[] scopes;

    @Column(name = "key_version", nullable = false)
    private int keyVersion;

    @Column(name = "created", nullable = false)
    private OffsetDateTime created;

    @Column(name = "updated", nullable = false)
    private OffsetDateTime updated;

    protected ConfigurationRow() {
    }

    ConfigurationRow(String id, String organization, String connectorId, String clientId, String clientSecretSealed, String[] scopes,
            int keyVersion, OffsetDateTime created, OffsetDateTime updated) {
        this.id = id;
        this.organization = organization;
        this.connectorId = connectorId;
        this.clientId = clientId;
        this.clientSecretSealed = clientSecretSealed;
        this.scopes = scopes;
        this.keyVersion = keyVersion;
        this.created = created;
        this.updated = updated;
    }

    /** Sets what is given; null keeps a field. A new secret comes sealed under {@code keyVersion}. */
    void changed(String clientId, String clientSecretSealed, String[] scopes, int keyVersion, OffsetDateTime updated) {
        if (clientId != null) {
            this.clientId = clientId;
        }
        if (clientSecretSealed != null) {
            this.clientSecretSealed = clientSecretSealed;
            this.keyVersion = keyVersion;
        }
        if (scopes != null) {
            this.scopes = scopes;
        }
        this.updated = updated;
    }

    String id() {
        return id;
    }

    String connectorId() {
        return connectorId;
    }

    String clientId() {
        return clientId;
    }

    String clientSecretSealed() {
        return clientSecretSealed;
    }

    String[] scopes() {
        return scopes;
    }

    OffsetDateTime created() {
        return created;
    }

    OffsetDateTime updated() {
        return updated;
    }

    /** The secret sealed again, under master key {@code version}. */
    void resealed(String clientSecretSealed, int version) {
        this.clientSecretSealed = clientSecretSealed;
        this.keyVersion = version;
    }
}
