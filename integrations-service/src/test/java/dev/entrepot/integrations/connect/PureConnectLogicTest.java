package dev.entrepot.integrations.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.entrepot.platform.api.ApiException;

/** The pieces of connections that need no service: sealing, URL checks and proxied paths. */
class PureConnectLogicTest {

    private static final String KEY_ONE = "1=dGVzdC1vbmx5LW1hc3Rlci1rZXktb25lLS0tLS0tLS0=";
    private static final String KEY_TWO = "2=dGVzdC1vbmx5LW1hc3Rlci1rZXktdHdvLS0tLS0tLS0=";

    @Test
    void sealedValuesOpenOnlyInTheirContextAndSurviveAMasterKeyRotation() {
        SecretBox before = new SecretBox(KEY_ONE);
        String sealed = before.seal("a client secret", "configuration:abc:client_secret");
        assertThat(sealed).startsWith("v1.").doesNotContain("client secret");
        assertThat(before.seal("a client secret", "configuration:abc:client_secret")).isNotEqualTo(sealed);
        assertThatThrownBy(() -> before.open(sealed, "configuration:xyz:client_secret")).isInstanceOf(IllegalStateException.class);

        SecretBox rotated = new SecretBox(KEY_ONE + "," + KEY_TWO);
        assertThat(rotated.open(sealed, "configuration:abc:client_secret")).isEqualTo("a client secret");
        String rewrapped = rotated.rewrap(sealed);
        assertThat(rotated.version(rewrapped)).isEqualTo(2);
        assertThat(new SecretBox(KEY_TWO).open(rewrapped, "configuration:abc:client_secret")).isEqualTo("a client secret");
        assertThatThrownBy(() -> new SecretBox(KEY_TWO).open(sealed, "configuration:abc:client_secret"))
                .hasMessageContaining("master key 1");
        assertThatThrownBy(() -> new SecretBox("1=c2hvcnQ=")).hasMessageContaining("32 bytes");
        assertThat(SecretBox.mask("e9ca7f3b21d")).isEqualTo("e9ca****");
        assertThat(SecretBox.mask("short")).isEqualTo("****");
    }

    @Test
    void privateAndPlainHttpUrlsAreRefusedUnlessAnOperatorAllowsTheHost() {
        UrlGuard guard = new UrlGuard(Set.of("127.0.0.1", "erp.internal"));
        assertThat(guard.refusal("https://api.github.com")).isNull();
        assertThat(guard.refusal("http://127.0.0.1:8099/api")).isNull();
        assertThat(guard.refusal("https://erp.internal/api")).isNull();
        for (String url : new String[] { "https://169.254.169.254/", "https://10.1.2.3", "https://192.168.0.1", "https://172.16.0.9",
                "https://100.64.0.1", "https://0.0.0.0", "https://[::1]/", "https://[fd00::1]/", "https://localhost", "https://db.local",
                "https://127.0.0.2", "http://api.github.com", "https://me@api.github.com", "ftp://example.com", "not a url" }) {
            assertThat(guard.refusal(url)).as(url).isNotNull();
        }
        assertThat(guard.resolvesPrivately("127.0.0.1")).isFalse(); // allowed
        assertThat(new UrlGuard(Set.of()).resolvesPrivately("127.0.0.1")).isTrue();
    }

    @Test
    void aProxiedPathStaysUnderTheBaseUrl() {
        assertThat(ProxyTarget.of("https://api.example.com/v2", "repos/a%20b", "page=2").toString())
                .isEqualTo("https://api.example.com/v2/repos/a%20b?page=2");
        assertThat(ProxyTarget.of("https://api.example.com", "", null).toString()).isEqualTo("https://api.example.com/");
        for (String path : new String[] { "../admin", "a/../../x", "%2e%2e/x", "a/%2E/b", "..%2fx", "a%5cb", "@evil.example",
                "%40evil.example", "//evil.example/x", "https://evil.example", "http:/evil.example", "javascript:alert(1)",
                "a%0d%0aHost:%20evil", "a\nb" }) {
            assertThatThrownBy(() -> ProxyTarget.of("https://api.example.com/v2", path, null)).as(path).isInstanceOf(ApiException.class);
        }
        assertThatThrownBy(() -> ProxyTarget.of("https://api.example.com/v2", "x", "a=1#frag")).isInstanceOf(ApiException.class);
    }
}
