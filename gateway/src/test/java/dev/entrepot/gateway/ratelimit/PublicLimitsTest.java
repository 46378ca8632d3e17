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
    void anotherSpellingOfAPublicEndpointIsCaughtSoItCannotPassByTheLimits() {
        for (String disguised : new String[] { "/api/v1/auth/login.json", "/api/v1/auth/login.xml", "/api/v1/auth/signup.json",
                "/api/v1/auth/login/", "/api/v1/auth//login", "/api/v1/auth/login;x=1", "/api/v1/auth/logi%6e",
                "/api/v1/auth/%6cogin.json", "/api/v1/oauth/callback.json", "/api/v1/auth/refresh%2F" }) {
            assertThat(PublicLimits.disguisesPublicEndpoint(disguised)).as(disguised).isTrue();
        }
        for (String plain : new String[] { "/api/v1/auth/login", "/api/v1/auth/signup", "/api/v1/oauth/callback",
                "/api/v1/auth/access-tokens", "/api/v1/auth/access-tokens.json", "/api/v1/auth/logout", "/api/v1/brands/login",
                "/api/v1/auth/%zz" }) {
            assertThat(PublicLimits.disguisesPublicEndpoint(plain)).as(plain).isFalse();
        }
    }

    @Test
    void aLoginBodyIsJsonByItsMediaTypeNotByAWordInIt() {
        assertThat(PublicLimits.namesJson("application/json")).isTrue();
        assertThat(PublicLimits.namesJson("Application/JSON; charset=utf-8")).isTrue();
        assertThat(PublicLimits.namesJson("application/vnd.entrepot+json")).isTrue();
        assertThat(PublicLimits.namesJson(null)).isTrue();
        assertThat(PublicLimits.namesJson("application/xml; x=json")).isFalse();
        assertThat(PublicLimits.namesJson("text/jsonish")).isFalse();
        assertThat(PublicLimits.namesJson("json")).isFalse();
        assertThat(PublicLimits.namesJson("application/xml")).isFalse();
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
