package dev.entrepot.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.entrepot.identity.tokens.SigningKey;

/** Which key signs and which keys are published, along a rotation's timeline. */
class SigningKeyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration ROTATE_AFTER = Duration.ofDays(30);

    private static SigningKey key(String kid, Instant activates, Instant unpublish) {
        return new SigningKey(kid, null, null, activates, unpublish);
    }

    @Test
    void aPublishedKeySignsOnlyFromItsActivation() {
        Instant activation = T0.plus(Duration.ofMinutes(10));
        Instant retirement = activation.plus(Duration.ofHours(1));
        List<SigningKey> keys = List.of(key("old", T0.minus(Duration.ofDays(31)), retirement), key("new", activation, null));

        assertThat(SigningKey.signing(keys, T0)).map(SigningKey::kid).contains("old");
        assertThat(SigningKey.published(keys, T0)).extracting(SigningKey::kid).containsExactly("old", "new");
        assertThat(SigningKey.signing(keys, activation)).map(SigningKey::kid).contains("new");
        assertThat(SigningKey.published(keys, activation.plus(Duration.ofMinutes(59)))).extracting(SigningKey::kid)
                .containsExactly("old", "new");
        assertThat(SigningKey.published(keys, retirement)).extracting(SigningKey::kid).containsExactly("new");
    }

    @Test
    void rotationIsDueWhenTheSigningKeyIsOldAndNoneIsWaiting() {
        List<SigningKey> fresh = List.of(key("a", T0, null));
        assertThat(SigningKey.rotationDue(fresh, T0.plus(Duration.ofDays(29)), ROTATE_AFTER)).isFalse();
        assertThat(SigningKey.rotationDue(fresh, T0.plus(ROTATE_AFTER), ROTATE_AFTER)).isTrue();

        List<SigningKey> waiting = List.of(key("a", T0, T0.plus(Duration.ofDays(31))), key("b", T0.plus(Duration.ofDays(30)), null));
        assertThat(SigningKey.rotationDue(waiting, T0.plus(Duration.ofDays(29)), ROTATE_AFTER)).isFalse();
        assertThat(SigningKey.rotationDue(List.of(), T0, ROTATE_AFTER)).isTrue();
    }
}
