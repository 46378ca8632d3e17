package dev.entrepot.identity.accounts;

import java.time.OffsetDateTime;

import org.hibernate.annotations.DynamicUpdate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of {@code sessions} (V2__identity.sql): a login, its refresh token and the one before it as
 * SHA-256 hashes. The rotation is a conditional update in {@link Accounts}, never a change of this object.
 */
@Entity
@Table(name = "sessions")
@DynamicUpdate // ending a session writes revoked_at only
class SessionRow {

    @Id
    @Column(name = "id", nullable = false)
    private String id;

    @Column(name = "org_id", nullable = false)
    private String organization;

    @Column(name = "user_id", nullable = false)
    private String userId;

    @Column(name = "refresh_hash", nullable = false)
    private byte[] refreshHash;

    @Column(name = "previous_refresh_hash")
    private byte[] previousRefreshHash;

    @Column(name = "created", nullable = false)
    private OffsetDateTime created;

    @Column(name = "expires_at", nullable = false)
    private OffsetDateTime expiresAt;

    @Column(name = "revoked_at")
    private OffsetDateTime revokedAt;

    protected SessionRow() {
    }

    SessionRow(String id, String organization, String userId, byte[] refreshHash, OffsetDateTime created,
            OffsetDateTime expiresAt) {
        this.id = id;
        this.organization = organization;
        this.userId = userId;
        this.refreshHash = refreshHash;
        this.created = created;
        this.expiresAt = expiresAt;
    }

    String id() {
        return id;
    }

    String organization() {
        return organization;
    }

    String userId() {
        return userId;
    }

    byte[] refreshHash() {
        return refreshHash;
    }

    OffsetDateTime expiresAt() {
        return expiresAt;
    }

    OffsetDateTime revokedAt() {
        return revokedAt;
    }

    /** Ends the session; the caller holds the row's lock. */
    void revoke(OffsetDateTime now) {
        this.revokedAt = now;
    }
}
