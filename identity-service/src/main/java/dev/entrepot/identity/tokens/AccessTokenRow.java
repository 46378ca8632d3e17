package dev.entrepot.identity.tokens;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@code access_tokens} (V2__identity.sql): a user's long-lived token, kept as its SHA-256 hash. */
@Entity
@Table(name = "access_tokens")
class AccessTokenRow {

    @Id
    @Column(name = "id", nullable = false)
    private String id;

    @Column(name = "org_id", nullable = false)
    private String organization;

    @Column(name = "user_id", nullable = false)
    private String userId;

    @Column(name = "name", nullable = false)
    private String name;

    @Column(name = "prefix", nullable = false)
    private String prefix;

    @Column(name = "token_hash", nullable = false)
    private byte[] tokenHash;

    @Column(name = "created", nullable = false)
    private OffsetDateTime created;

    @Column(name = "expires_at")
    private OffsetDateTime expiresAt;

    @Column(name = "last_used")
    private OffsetDateTime lastUsed;

    protected AccessTokenRow() {
    }

    AccessTokenRow(String id, String organization, String userId, String name, String prefix, byte[] tokenHash,
            OffsetDateTime created, OffsetDateTime expiresAt) {
        this.id = id;
        this.organization = organization;
        this.userId = userId;
        this.name = name;
        this.prefix = prefix;
        this.tokenHash = tokenHash;
        this.created = created;
        this.expiresAt = expiresAt;
    }

    String id() {
        return id;
    }

    String name() {
        return name;
    }

    String prefix() {
        return prefix;
    }

    OffsetDateTime created() {
        return created;
    }

    OffsetDateTime expiresAt() {
        return expiresAt;
    }

    OffsetDateTime lastUsed() {
        return lastUsed;
    }
}
