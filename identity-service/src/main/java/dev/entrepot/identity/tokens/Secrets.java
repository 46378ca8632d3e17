package dev.entrepot.identity.tokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The opaque credentials identity-service hands out: 256 random bits after a recognisable prefix (so a
 * leaked one is easy to spot and to scan for), stored only as a SHA-256 hash. A hash of a 256-bit random
 * value needs no salt or slow hashing: it cannot be guessed.
 */
public enum Secrets {
    API_KEY("epk_"), ACCESS_TOKEN("epa_"), REFRESH_TOKEN("epr_");

    /** How much of a credential is shown in lists: its prefix and the first characters of its random part. */
    public static final int VISIBLE_CHARACTERS = 12;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int RANDOM_BYTES = 32;

    private final String prefix;

    Secrets(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** A new credential: the prefix and 43 base64url characters. */
    public String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code credential} has this kind's prefix and shape. */
    public boolean matches(String credential) {
        return credential != null && credential.length() == prefix.length() + 43 && credential.startsWith(prefix)
                && credential.chars().skip(prefix.length()).allMatch(Secrets::isBase64Url);
    }

    /** What a list shows of a credential. */
    public static String visiblePart(String credential) {
        return credential.substring(0, VISIBLE_CHARACTERS);
    }

    public static byte[] hash(String credential) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isBase64Url(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
