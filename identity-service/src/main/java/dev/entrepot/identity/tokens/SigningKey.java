package dev.entrepot.identity.tokens;

import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.jose4j.jwk.PublicJsonWebKey;

/**
 * One RS256 key of the rotation: published from its creation, signing from {@code activatesAt}, published
 * until {@code unpublishAt} (null while it may still sign).
 */
public record SigningKey(String kid, PublicJsonWebKey publicKey, PrivateKey privateKey, Instant activatesAt,
        Instant unpublishAt) {

    /** The key that signs at {@code now}: the most recently activated one. */
    public static Optional<SigningKey> signing(List<SigningKey> keys, Instant now) {
        return keys.stream().filter(key -> !key.activatesAt.isAfter(now) && key.isPublished(now))
                .max(Comparator.comparing(SigningKey::activatesAt));
    }

    /** The keys a verifier must know at {@code now}: the signing one, the next, and the retired whose tokens live on. */
    public static List<SigningKey> published(List<SigningKey> keys, Instant now) {
        return keys.stream().filter(key -> key.isPublished(now)).sorted(Comparator.comparing(SigningKey::activatesAt))
                .toList();
    }

    /** Whether a new key should be made: none is waiting to activate and the signing one is older than {@code rotateAfter}. */
    public static boolean rotationDue(List<SigningKey> keys, Instant now, Duration rotateAfter) {
        if (keys.stream().anyMatch(key -> key.activatesAt.isAfter(now))) {
            return false;
        }
        return signing(keys, now).map(key -> !key.activatesAt.plus(rotateAfter).isAfter(now)).orElse(true);
    }

    private boolean isPublished(Instant now) {
        return unpublishAt == null || unpublishAt.isAfter(now);
    }
}
