package dev.entrepot.identity.tokens;

import java.time.OffsetDateTime;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of {@code signing_keys} (V2__identity.sql): the public half as a JWK (jsonb), the private half
 * encrypted by {@link KeyVault} with the kid as context.
 */
@Entity
@Table(name = "signing_keys")
class SigningKeyRow {

    @Id
    @Column(name = "kid", nullable = false)
    private String kid;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "public_jwk", nullable = false)
    private String publicJwk;

    @Column(name = "encrypted_private_key", nullable = false)
    private byte[] encryptedPrivateKey;

    @Column(name = "created", nullable = false)
    private OffsetDateTime created;

    @Column(name = "activates_at", nullable = false)
    private OffsetDateTime activatesAt;

    @Column(name = "unpublish_at")
    private OffsetDateTime unpublishAt;

    protected SigningKeyRow() {
    }

    SigningKeyRow(String kid, String publicJwk, byte[] encryptedPrivateKey, OffsetDateTime created, OffsetDateTime activatesAt) {
        this.kid = kid;
        this.publicJwk = publicJwk;
        this.encryptedPrivateKey = encryptedPrivateKey;
        this.created = created;
        this.activatesAt = activatesAt;
    }

    String kid() {
        return kid;
    }

    String publicJwk() {
        return publicJwk;
    }

    byte[] encryptedPrivateKey() {
        return encryptedPrivateKey;
    }

    OffsetDateTime activatesAt() {
        return activatesAt;
    }

    OffsetDateTime unpublishAt() {
        return unpublishAt;
    }
}
