package dev.entrepot.integrations.connect;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption of the secrets integrations-service keeps (client secrets, access and refresh
 * tokens), AES-256-GCM throughout: each value is encrypted under a data key of its own, and that data key
 * under a master key that lives outside the database ({@code SECRETS_MASTER_KEYS}, a Kubernetes Secret).
 * A sealed value names its master key's version, {@code v<version>.<wrapped data key>.<ciphertext>}, so
 * master keys rotate: new values use the current one, older values still open with theirs, and
 * {@link #rewrap} moves a value to the current key without touching its ciphertext. {@code context} (the
 * row and column) is authenticated with the value, so a sealed value cannot be moved to another row.
 */
public final class SecretBox {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] DATA_KEY_CONTEXT = "entrepot data key".getBytes(StandardCharsets.UTF_8);

    private final Map<Integer, SecretKeySpec> masterKeys;
    private final int current;

    /** @param masterKeys {@code <version>=<32 bytes, base64>}, comma-separated; the highest version is current */
    public SecretBox(String masterKeys) {
        TreeMap<Integer, SecretKeySpec> keys = new TreeMap<>();
        for (String entry : masterKeys.split(",")) {
            String[] parts = entry.trim().split("=", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("SECRETS_MASTER_KEYS: each key is <version>=<base64>, comma-separated");
            }
            byte[] bytes;
            int version;
            try {
                version = Integer.parseInt(parts[0].trim());
                bytes = Base64.getDecoder().decode(parts[1].trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("SECRETS_MASTER_KEYS: key " + parts[0] + " is not <number>=<base64>");
            }
            if (bytes.length != 32) {
                throw new IllegalArgumentException("SECRETS_MASTER_KEYS: key " + version + " must be 32 bytes, not " + bytes.length);
            }
            keys.put(version, new SecretKeySpec(bytes, "AES"));
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("SECRETS_MASTER_KEYS holds no key");
        }
        this.masterKeys = keys;
        this.current = keys.lastKey();
    }

    public int currentVersion() {
        return current;
    }

    public String seal(String plaintext, String context) {
        byte[] dataKey = new byte[32];
        RANDOM.nextBytes(dataKey);
        byte[] ciphertext = encrypt(new SecretKeySpec(dataKey, "AES"), plaintext.getBytes(StandardCharsets.UTF_8),
                context.getBytes(StandardCharsets.UTF_8));
        return format(current, encrypt(masterKeys.get(current), dataKey, DATA_KEY_CONTEXT), ciphertext);
    }

    public String open(String sealed, String context) {
        Sealed parts = parse(sealed);
        SecretKeySpec dataKey = new SecretKeySpec(decrypt(master(parts.version()), parts.wrappedKey(), DATA_KEY_CONTEXT), "AES");
        return new String(decrypt(dataKey, parts.ciphertext(), context.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    /** The master key version a sealed value names. */
    public int version(String sealed) {
        return parse(sealed).version();
    }

    /** The same value under the current master key (its data key re-wrapped, its ciphertext untouched). */
    public String rewrap(String sealed) {
        Sealed parts = parse(sealed);
        if (parts.version() == current) {
            return sealed;
        }
        byte[] dataKey = decrypt(master(parts.version()), parts.wrappedKey(), DATA_KEY_CONTEXT);
        return format(current, encrypt(masterKeys.get(current), dataKey, DATA_KEY_CONTEXT), parts.ciphertext());
    }

    /** What a response shows of a secret: its first four characters, e.g. {@code e9ca****}. */
    public static String mask(String secret) {
        if (secret == null) {
            return null;
        }
        return (secret.length() > 8 ? secret.substring(0, 4) : "") + "****";
    }

    private record Sealed(int version, byte[] wrappedKey, byte[] ciphertext) {
    }

    private static Sealed parse(String sealed) {
        String[] parts = sealed == null ? new String[0] : sealed.split("\\.");
        if (parts.length != 3 || !parts[0].startsWith("v")) {
            throw new IllegalStateException("A stored secret is not a sealed value");
        }
        Base64.Decoder base64 = Base64.getUrlDecoder();
        return new Sealed(Integer.parseInt(parts[0].substring(1)), base64.decode(parts[1]), base64.decode(parts[2]));
    }

    private SecretKeySpec master(int version) {
        SecretKeySpec key = masterKeys.get(version);
        if (key == null) {
            throw new IllegalStateException("A stored secret needs master key " + version + ", which SECRETS_MASTER_KEYS no longer holds");
        }
        return key;
    }

    private static String format(int version, byte[] wrappedKey, byte[] ciphertext) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return "v" + version + "." + base64.encodeToString(wrappedKey) + "." + base64.encodeToString(ciphertext);
    }

    private static byte[] encrypt(SecretKeySpec key, byte[] plaintext, byte[] context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context);
            byte[] ciphertext = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + ciphertext.length).put(nonce).put(ciphertext).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt", e);
        }
    }

    private static byte[] decrypt(SecretKeySpec key, byte[] sealed, byte[] context) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(context);
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot open a stored secret: wrong master key or altered data");
        }
    }
}
