package dev.entrepot.identity.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.entrepot.identity.rest.IdentityApi.Account;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With three-second session tokens: an expired one is refused, and the refresh token gets a new one. */
@QuarkusTest
@RealInfrastructure(database = "identity")
@TestProfile(SessionExpiryTest.ShortSessions.class)
class SessionExpiryTest {

    public static class ShortSessions implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("entrepot.identity.session-lifetime", "PT3S");
        }
    }

    @Test
    void anExpiredSessionTokenIsRefusedAndRefreshGivesANewOne() throws InterruptedException {
        Account owner = IdentityApi.signup();
        IdentityApi.authenticate(owner.bearer()).then().statusCode(200);

        Thread.sleep(4100);

        assertThat(IdentityApi.refusal(owner.bearer())).isEqualTo("session_token_expired");
        String fresh = IdentityApi.json().body(Map.of("refresh_token", owner.refreshToken())).post("/api/v1/auth/refresh")
                .then().statusCode(200).extract().path("data.token");
        IdentityApi.authenticate("Bearer " + fresh).then().statusCode(200);
    }
}
