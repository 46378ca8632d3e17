package dev.entrepot.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.entrepot.identity.accounts.Passwords;
import dev.entrepot.identity.tokens.KeyVault;
import dev.entrepot.identity.tokens.Secrets;

/** The pure logic behind credentials: generated secrets, password hashes, encryption at rest. */
class CredentialsTest {

    @Test
    void secretsCarry256RandomBitsAfterTheirPrefix() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String key = Secrets.API_KEY.generate();
            assertThat(key).startsWith("epk_").hasSize(47);
            assertThat(Base64.getUrlDecoder().decode(key.substring(4))).hasSize(32);
            assertThat(Secrets.API_KEY.matches(key)).isTrue();
            assertThat(Secrets.ACCESS_TOKEN.matches(key)).isFalse();
            seen.add(key);
        }
        assertThat(seen).hasSize(1000);
        assertThat(Secrets.API_KEY.matches("epk_short")).isFalse();
        assertThat(Secrets.API_KEY.matches("epk_" + "!".repeat(43))).isFalse();
        assertThat(Secrets.visiblePart("epk_abcdefgh12345")).isEqualTo("epk_abcdefgh");
    }

    @Test
    void aSecretsHashIsStableAndDiffersForAnotherSecret() {
        String key = Secrets.API_KEY.generate();

        assertThat(Secrets.hash(key)).isEqualTo(Secrets.hash(key)).hasSize(32)
                .isNotEqualTo(Secrets.hash(Secrets.API_KEY.generate()));
    }

    @Test
    void passwordsAreHashedWithArgon2idAndASaltOfTheirOwn() {
        String first = Passwords.hash("correct horse battery");
        String second = Passwords.hash("correct horse battery");

        assertThat(first).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct horse");
        assertThat(first).isNotEqualTo(second);
        assertThat(Passwords.verify("correct horse battery", first)).isTrue();
        assertThat(Passwords.verify("correct horse batterY", first)).isFalse();
        assertThat(Passwords.verify("correct horse battery", "$2a$10$not-argon")).isFalse();
    }

    @Test
    void weakAndOversizedPasswordsAreNamed() {
        assertThat(Passwords.problem("123456789")).contains("at least 10");
        assertThat(Passwords.problem(" ".repeat(12))).contains("spaces");
        assertThat(Passwords.problem("x".repeat(257))).contains("at most 256");
        assertThat(Passwords.problem("ten chars!")).isNull();
    }

    @Test
    void theVaultDecryptsOnlyWhatItEncryptedForTheSameContext() {
        KeyVault vault = new KeyVault(Base64.getEncoder().encodeToString(new byte[32]));
        byte[] secret = "private key bytes".getBytes(StandardCharsets.UTF_8);

        byte[] sealed = vault.encrypt(secret, "kid-1");

        assertThat(sealed).isNotEqualTo(vault.encrypt(secret, "kid-1"));
        assertThat(vault.decrypt(sealed, "kid-1")).isEqualTo(secret);
        assertThatThrownBy(() -> vault.decrypt(sealed, "kid-2")).isInstanceOf(IllegalStateException.class);
        byte[] altered = sealed.clone();
        altered[altered.length - 1] ^= 1;
        assertThatThrownBy(() -> vault.decrypt(altered, "kid-1")).isInstanceOf(IllegalStateException.class);
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        assertThatThrownBy(() -> new KeyVault(Base64.getEncoder().encodeToString(otherKey)).decrypt(sealed, "kid-1"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new KeyVault(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("32 bytes");
    }
}
