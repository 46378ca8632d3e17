package dev.entrepot.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.entrepot.gateway.ratelimit.PublicLimits.Endpoint;
import dev.entrepot.gateway.ratelimit.PublicLimits.Limit;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

class PublicLimitsTest {

    @Test
    void aLimitIsRequestsPerWindow() {
        assertThat(Limit.parse("signup", "10/1h")).isEqualTo(new Limit(10, 3600));
        assertThat(Limit.parse("login", " 20 / 60s ")).isEqualTo(new Limit(20, 60));
        assertThat(Limit.parse("login", "5/PT5M")).isEqualTo(new Limit(5, 300));
        for (String bad : new String[] { "10", "0/1m", "10/0s", "ten/1m", "10/soon", "/1m", "" }) {
            assertThatThrownBy(() -> Limit.parse("signup", bad)).as(bad).hasMessageContaining("gateway.rate-limits.signup");
        }
    }

    @Test
    void exactlyTheFourEndpointsThatNeedNoCredentialArePublic() {
        assertThat(PublicLimits.endpoint(HttpMethod.POST, "/api/v1/auth/signup")).contains(Endpoint.SIGNUP);
        assertThat(PublicLimits.endpoint(HttpMethod.POST, "/api/v1/auth/login")).contains(Endpoint.LOGIN);
        assertThat(PublicLimits.endpoint(HttpMethod.POST, "/api/v1/auth/refresh")).contains(Endpoint.REFRESH);
        assertThat(PublicLimits.endpoint(HttpMethod.GET, "/api/v1/oauth/callback")).contains(Endpoint.OAUTH_CALLBACK);
        assertThat(PublicLimits.endpoint(HttpMethod.GET, "/api/v1/auth/login")).isEmpty();
        assertThat(PublicLimits.endpoint(HttpMethod.POST, "/api/v1/auth/logout")).isEmpty();
        assertThat(PublicLimits.endpoint(HttpMethod.POST, "/api/v1/auth/login/")).isEmpty();
        assertThat(PublicLimits.endpoint(HttpMethod.POST, "/api/v1/auth/access-tokens")).isEmpty();
    }

    @Test
    void theLoginEmailIsReadAsIdentityServiceComparesIt() {
        assertThat(PublicLimits.loginEmail(json("{\"email\":\" Ann@Example.COM \",\"password\":\"x\"}"))).contains("ann@example.com");
        assertThat(PublicLimits.loginEmail(json("{\"email\":\"\\u0061nn@example.com\"}"))).contains("ann@example.com");
        assertThat(PublicLimits.loginEmail(json("{\"password\":\"x\"}"))).isEmpty();
        assertThat(PublicLimits.loginEmail(json("{\"email\":42}"))).isEmpty();
        assertThat(PublicLimits.loginEmail(json("not json"))).isEmpty();
        assertThat(PublicLimits.loginEmail(json(""))).isEmpty();
        assertThat(PublicLimits.loginEmail(json("[]"))).isEmpty();
    }

    @Test
    void noEmailIsKeptInRedisOnlyItsHash() {
        assertThat(PublicLimits.emailKey("ann@example.com")).doesNotContain("ann").startsWith("gw:rl:email:{").endsWith("}:login")
                .isEqualTo(PublicLimits.emailKey("ann@example.com")).isNotEqualTo(PublicLimits.emailKey("bob@example.com"));
    }

    private static Buffer json(String text) {
        return Buffer.buffer(text.getBytes(StandardCharsets.UTF_8));
    }
}
