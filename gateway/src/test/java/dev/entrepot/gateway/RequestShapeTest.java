package dev.entrepot.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.entrepot.gateway.RawHttp.Answer;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Requests whose framing or size the gateway must not pass on (docs/gateway.md#framing-and-size), sent
 * byte by byte as a careless or hostile client would: each is answered without reaching a service.
 */
@QuarkusTest
@RealInfrastructure
@WithTestResource(ServicesStub.class)
class RequestShapeTest {

    private static final String BODY = "{\"name\":\"x\"}";
    private static final String CHUNKED_BODY = Integer.toHexString(BODY.length()) + "\r\n" + BODY + "\r\n0\r\n\r\n";

    @TestHTTPResource("/")
    URI root;

    private URI gateway;
    private String key;
    private String marker;

    @BeforeEach
    void credential() {
        gateway = URI.create("http://127.0.0.1:" + root.getPort());
        key = "Bearer shape-" + UUID.randomUUID();
        ServicesStub.accept(key, "org-shape", "usr-shape");
        marker = "m" + UUID.randomUUID().toString().replace("-", "");
    }

    private String post(String framing, String body) {
        return "POST /api/v1/brands?marker=" + marker + " HTTP/1.1\r\nHost: gateway\r\nAuthorization: " + key
                + "\r\nContent-Type: application/json\r\n" + framing + "\r\n\r\n" + body;
    }

    @ParameterizedTest
    @ValueSource(strings = { "Transfer-Encoding: chunked, identity", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked",
            "Transfer-Encoding: gzip, chunked", "Transfer-Encoding: identity", "Transfer-Encoding: chunked,chunked" })
    void aBodyOfUncertainLengthIsA400InTheEnvelopeThatReachesNoService(String framing) throws Exception {
        Answer answer = RawHttp.sendAndWatch(gateway, post(framing, CHUNKED_BODY));

        assertThat(answer.status()).isEqualTo(400);
        JsonNode body = answer.json();
        assertThat(body.path("error_code").asText()).isEqualTo("invalid_framing");
        assertThat(body.path("status").asInt()).isEqualTo(400);
        assertThat(body.path("endpoint").asText()).isEqualTo("/api/v1/brands");
        assertThat(body.path("message").asText()).contains("Transfer-Encoding");
        assertThat(answer.header("X-Request-Id")).isNotBlank();
        assertThat(answer.closed()).as("the connection is closed after the answer").isTrue();
        assertThat(ServicesStub.received(marker)).isEmpty();
    }

    @Test
    void transferEncodingInHttp10IsA400() throws Exception {
        Answer answer = RawHttp.send(gateway, null, post("Transfer-Encoding: chunked", CHUNKED_BODY).replace(" HTTP/1.1\r\n", " HTTP/1.0\r\n"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("error_code").asText()).isEqualTo("invalid_framing");
        assertThat(ServicesStub.received(marker)).isEmpty();
    }

    /** Netty drops Content-Length when chunked comes with it (RFC 9112, 6.3): the body is the chunks, forwarded whole. */
    @Test
    void contentLengthBesideChunkedIsIgnoredAndTheChunkedBodyForwardedAsSent() throws Exception {
        Answer answer = RawHttp.send(gateway, null, post("Content-Length: 4\r\nTransfer-Encoding: chunked", CHUNKED_BODY));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(ServicesStub.received(marker)).singleElement().satisfies(request -> {
            assertThat(new String(request.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(BODY);
            assertThat(request.header("Content-Length")).isNull();
        });
    }

    /** Refused by Netty before the gateway sees them: a bare 400 (docs/gateway.md says why), but never forwarded. */
    @ParameterizedTest
    @ValueSource(strings = { "Content-Length: 13\r\nContent-Length: 13", "Content-Length: 13, 13", "Content-Length: +13",
            "Content-Length: 13\r\nX-Bad\u0001Name: v", "Content-Length: 13\r\nX-Value: a\u0001b" })
    void whatNettyCannotParseIsA400ThatReachesNoService(String headers) throws Exception {
        Answer answer = RawHttp.send(gateway, null, post(headers, BODY));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(ServicesStub.received(marker)).isEmpty();
    }

    /** Netty's decoder fails in the middle of the body and Vert.x closes the connection: no answer can be sent. */
    @Test
    void aMalformedChunkEndsTheConnectionAndReachesNoService() throws Exception {
        assertThat(RawHttp.closedWithoutAnswer(gateway, post("Transfer-Encoding: chunked", "zz\r\n" + BODY + "\r\n0\r\n\r\n")))
                .isTrue();
        assertThat(ServicesStub.received(marker)).isEmpty();
    }

    @Test
    void aTargetOverTheLimitIsA414InTheEnvelope() throws Exception {
        String path = "/api/v1/brands?marker=" + marker + "&q=" + "a".repeat(4096);
        Answer answer = RawHttp.get(gateway, null, path, "Authorization: " + key);
        assertThat(answer.status()).isEqualTo(414);
        assertThat(answer.json().path("error_code").asText()).isEqualTo("uri_too_long");
        assertThat(answer.json().path("message").asText()).contains("4096");
        assertThat(ServicesStub.received(marker)).isEmpty();

        String longest = "/api/v1/brands?marker=" + marker + "&q=";
        longest += "a".repeat(4096 - longest.length());
        assertThat(RawHttp.get(gateway, null, longest, "Authorization: " + key).status()).isEqualTo(200);
        assertThat(ServicesStub.received(marker)).hasSize(1);
    }

    @Test
    void headersOverTheLimitAreA431InTheEnvelope() throws Exception {
        Answer answer = RawHttp.get(gateway, null, "/api/v1/brands?marker=" + marker, "Authorization: " + key,
                "X-Padding: " + "p".repeat(16 * 1024));
        assertThat(answer.status()).isEqualTo(431);
        assertThat(answer.json().path("error_code").asText()).isEqualTo("header_fields_too_large");
        assertThat(ServicesStub.received(marker)).isEmpty();

        assertThat(RawHttp.get(gateway, null, "/api/v1/brands?marker=" + marker, "Authorization: " + key,
                "X-Padding: " + "p".repeat(12 * 1024)).status()).isEqualTo(200);
    }

    /** Above Netty's own ceiling (64 KiB) the gateway never sees the request: a bare 414, documented. */
    @Test
    void aTargetBeyondNettysCeilingIsStillRefused() throws Exception {
        Answer answer = RawHttp.get(gateway, null, "/api/v1/brands?q=" + "a".repeat(70_000), "Authorization: " + key);
        assertThat(answer.status()).isEqualTo(414);
    }

    /** h2c is off on the plain port (platform's PlainHttpIsHttp1): an offered upgrade is declined, the request answered. */
    @Test
    void anOfferedUpgradeToH2cIsDeclinedAndTheRequestAnsweredInHttp11() throws Exception {
        Answer raw = RawHttp.send(gateway, null, "GET /api/v1/health HTTP/1.1\r\nHost: gateway\r\nConnection: Upgrade, HTTP2-Settings"
                + "\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n");
        assertThat(raw.status()).as("not 101 Switching Protocols").isEqualTo(200);
        assertThat(raw.header("Upgrade")).isNull();

        HttpResponse<String> viaJdkDefaults = HttpClient.newHttpClient().send(HttpRequest.newBuilder(gateway.resolve("/api/v1/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(viaJdkDefaults.statusCode()).isEqualTo(200);
        assertThat(viaJdkDefaults.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }
}
