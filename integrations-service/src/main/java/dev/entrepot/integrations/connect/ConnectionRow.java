package dev.entrepot.integrations.connect;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@code connections} (V3__connections.sql); the tokens as stored, sealed by {@link SecretBox}. */
@Entity
@Table(name = "connections")
class ConnectionRow {

    @Id
    @Column(name = "id", nullable = false)
    private String id;

    @Column(name = "org_id", nullable = false)
    private String organization;

    @Column(name = "connector_id", nullable = false)
    private String connectorId;

    @Column(name = "configuration_id", nullable = false)
    private String configurationId;

    @Column(name = "status", nullable = false)
    private String status;

    @Column(name = "invalid_reason")
    private String invalidReason;

    @Column(name = "access_token_sealed", nullable = false)
    private String accessTokenSealed;

    @Column(name = "refresh_token_sealed")
    private String refreshTokenSealed;

    @Column(name = "expires_at")
    private OffsetDateTime expiresAt;

    @Column(name = "token_fence", nullable = false)
    private long tokenFence;

    @Column(name = "key_version", nullable = false)
    private int keyVersion;

    @Column(name = "refreshed")
    private OffsetDateTime refreshed;

    @Column(name = "created", nullable = false)
    private OffsetDateTime created;

    @Column(name = "updated", nullable = false)
    private OffsetDateTime updated;

    protected ConnectionRow() {
    }

    /** A new, valid connection whose tokens were never refreshed. */
    ConnectionRow(String id, String organization, String connectorId, String configurationId, String accessTokenSealed,
            String refreshTokenSealed, OffsetDateTime expiresAt, int keyVersion, OffsetDateTime now) {
        this.id = id;
        this.organization = organization;
        this.connectorId = connectorId;
        this.configurationId = configurationId;
        this.status = "valid";
        this.accessTokenSealed = accessTokenSealed;
        this.refreshTokenSealed = refreshTokenSealed;
        this.expiresAt = expiresAt;
        this.tokenFence = 0;
        this.keyVersion = keyVersion;
        this.created = now;
        this.updated = now;
    }

    String id() {
        return id;
    }

    String connectorId() {
        return connectorId;
    }

    String configurationId() {
        return configurationId;
    }

    String status() {
        return status;
    }

    String invalidReason() {
        return invalidReason;
    }

    String accessTokenSealed() {
        return accessTokenSealed;
    }

    String refreshTokenSealed() {
        return refreshTokenSealed;
    }

    OffsetDateTime expiresAt() {
        return expiresAt;
    }

    long tokenFence() {
        return tokenFence;
    }

    OffsetDateTime refreshed() {
        return refreshed;
    }

    OffsetDateTime created() {
        return created;
    }

    OffsetDateTime updated() {
        return updated;
    }

    /** The tokens sealed again, under master key {@code version}. */
    void resealed(String accessTokenSealed, String refreshTokenSealed, int version) {
        this.accessTokenSealed = accessTokenSealed;
        this.refreshTokenSealed = refreshTokenSealed;
        this.keyVersion = version;
    }
}
