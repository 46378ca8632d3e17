package dev.entrepot.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.entrepot.gateway.RawHttp.Answer;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Signup, login, refresh and the OAuth callback need no credential, so they are limited per client
 * address, and login per email too, at the documented defaults (docs/architecture.md#limits). Each test
 * comes from addresses of its own: a random 127.x.y.z peer (untrusted), or the trusted proxy 127.0.0.2
 * naming a random documentation address in X-Forwarded-For, so no run shares a count with another.
 */
@QuarkusTest
@RealInfrastructure
@WithTestResource(ServicesStub.class)
class PublicEndpointLimitsTest {

    @TestHTTPResource("/")
    URI root;

    private URI gateway;

    @BeforeEach
    void address() {
        gateway = URI.create("http://127.0.0.1:" + root.getPort());
    }

    private static String randomPeer() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "127." + random.nextInt(1, 255) + "." + random.nextInt(0, 255) + "." + random.nextInt(3, 255);
    }

    private static String randomClient() {
        return "2001:db8:" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xffff)) + ":"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xffff)) + "::7";
    }

    private Answer signup(String peer, String... headers) throws Exception {
        String email = "s-" + UUID.randomUUID() + "@example.com";
        return RawHttp.postJson(gateway, peer, "/api/v1/auth/signup",
                "{\"organization\":\"Shop\",\"email\":\"" + email + "\",\"password\":\"a long password\"}", headers);
    }

    private Answer login(String peer, String email, String... headers) throws Exception {
        return RawHttp.postJson(gateway, peer, "/api/v1/auth/login", "{\"email\":\"" + email + "\",\"password\":\"guess\"}", headers);
    }

    @Test
    void theEleventhSignupOfAnHourFromOneAddressIsA429WithItsHeaders() throws Exception {
        String peer = randomPeer();
        for (int i = 1; i <= 10; i++) {
            Answer answer = signup(peer);
            assertThat(answer.status()).as("signup %d", i).isEqualTo(200);
            assertThat(answer.header("RateLimit-Policy")).isEqualTo("\"signup\";q=10;w=3600");
            assertThat(answer.header("RateLimit-Remaining")).isEqualTo(Integer.toString(10 - i));
        }
        int forwarded = ServicesStub.received("/api/v1/auth/signup").size();
        Answer refused = signup(peer);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().path("error_code").asText()).isEqualTo("rate_limited");
        assertThat(refused.json().path("endpoint").asText()).isEqualTo("/api/v1/auth/signup");
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween(3000L, 3600L);
        assertThat(refused.header("RateLimit-Reset")).isEqualTo(Long.toString(retryAfter));
        assertThat(refused.header("RateLimit")).isEqualTo("\"signup\";r=0;t=" + retryAfter);
        assertThat(refused.header("RateLimit-Remaining")).isEqualTo("0");
        assertThat(ServicesStub.received("/api/v1/auth/signup")).as("the refused signup reached nothing").hasSize(forwarded);

        // Another address is not touched.
        Answer other = signup(randomPeer());
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.header("RateLimit-Remaining")).isEqualTo("9");
    }

    @Test
    void anUntrustedPeerCannotEscapeItsCountWithXForwardedFor() throws Exception {
        String peer = randomPeer();
        for (int i = 1; i <= 10; i++) {
            assertThat(signup(peer, "X-Forwarded-For: " + randomClient()).status()).as("signup %d", i).isEqualTo(200);
        }
        assertThat(signup(peer, "X-Forwarded-For: " + randomClient()).status()).isEqualTo(429);
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnCount() throws Exception {
        String client = randomClient();
        for (int i = 1; i <= 10; i++) {
            // What the caller wrote stays to the left of the hop our proxy appended, and is not believed.
            Answer answer = signup(ServicesStub.TRUSTED_PROXY, "X-Forwarded-For: " + randomClient() + ", " + client);
            assertThat(answer.status()).as("signup %d", i).isEqualTo(200);
        }
        assertThat(signup(ServicesStub.TRUSTED_PROXY, "X-Forwarded-For: " + client).status()).isEqualTo(429);
        // The same /64 is the same client.
        assertThat(signup(ServicesStub.TRUSTED_PROXY, "X-Forwarded-For: " + client.replace("::7", "::8")).status()).isEqualTo(429);
        assertThat(signup(ServicesStub.TRUSTED_PROXY, "X-Forwarded-For: " + randomClient()).status()).isEqualTo(200);
    }

    @Test
    void oneEmailGetsTenLoginsInFiveMinutesFromAnyNumberOfAddresses() throws Exception {
        String email = "victim-" + UUID.randomUUID() + "@example.com";
        for (int i = 1; i <= 10; i++) {
            // Written in another case and with spaces, as identity-service would still read it.
            String spelled = i % 2 == 0 ? email.toUpperCase() : " " + email;
            Answer answer = login(randomPeer(), spelled);
            assertThat(answer.status()).as("login %d", i).isEqualTo(200);
        }
        Answer refused = login(randomPeer(), email);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("RateLimit-Policy")).isEqualTo("\"login-email\";q=10;w=300");
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(refused.json().path("error_code").asText()).isEqualTo("rate_limited");
        assertThat(login(randomPeer(), "someone-else-" + UUID.randomUUID() + "@example.com").status()).isEqualTo(200);
    }

    @Test
    void oneAddressGetsTwentyLoginsAMinuteWhateverTheEmails() throws Exception {
        String peer = randomPeer();
        for (int i = 1; i <= 20; i++) {
            Answer answer = login(peer, "u" + i + "-" + UUID.randomUUID() + "@example.com");
            assertThat(answer.status()).as("login %d", i).isEqualTo(200);
        }
        Answer refused = login(peer, "u21-" + UUID.randomUUID() + "@example.com");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("RateLimit-Policy")).isEqualTo("\"login\";q=20;w=60");
    }

    @Test
    void aLoginMustBeJsonAndSmall() throws Exception {
        String peer = randomPeer();
        Answer xml = RawHttp.send(gateway, peer, "POST /api/v1/auth/login HTTP/1.1\r\nHost: g\r\nContent-Type: application/xml\r\n"
                + "Content-Length: 7\r\n\r\n<a></a>");
        assertThat(xml.status()).isEqualTo(415);
        assertThat(xml.json().path("error_code").asText()).isEqualTo("unsupported_media_type");

        Answer large = login(peer, "x".repeat(17 * 1024) + "@example.com");
        assertThat(large.status()).isEqualTo(413);
        assertThat(large.json().path("error_code").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void refreshAndTheOAuthCallbackHaveTheirOwnCounts() throws Exception {
        String peer = randomPeer();
        for (int i = 1; i <= 30; i++) {
            assertThat(RawHttp.get(gateway, peer, "/api/v1/oauth/callback?state=s" + i + "&code=c").status()).as("callback %d", i)
                    .isEqualTo(200);
        }
        Answer refused = RawHttp.get(gateway, peer, "/api/v1/oauth/callback?state=s&code=c");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("RateLimit-Policy")).isEqualTo("\"oauth-callback\";q=30;w=60");

        for (int i = 1; i <= 60; i++) {
            assertThat(RawHttp.postJson(gateway, peer, "/api/v1/auth/refresh", "{\"refresh_token\":\"r\"}").status())
                    .as("refresh %d", i).isEqualTo(200);
        }
        Answer refusedRefresh = RawHttp.postJson(gateway, peer, "/api/v1/auth/refresh", "{\"refresh_token\":\"r\"}");
        assertThat(refusedRefresh.status()).isEqualTo(429);
        assertThat(refusedRefresh.header("RateLimit-Policy")).isEqualTo("\"refresh\";q=60;w=60");
        // The address's signups are a count of their own.
        assertThat(signup(peer).status()).isEqualTo(200);
        assertThat(List.of(refused.header("Retry-After"), refusedRefresh.header("Retry-After"))).allSatisfy(
                value -> assertThat(Long.parseLong(value)).isBetween(1L, 60L));
    }
}
