package dev.entrepot.platform.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpClosedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * The pure logic behind issue 20's "answers of 500 where a 4xx belongs": text that cannot be stored,
 * bodies nested without end, LIKE patterns, empty sort keys, optional action bodies and a client that
 * hangs up. The services' HostileInputTest classes check the same over HTTP.
 */
class HostileInputLogicTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final EntityType THINGS = EntityType.of("things", "thing", "things",
            Field.text("name").required().searchable(), Field.decimal("price"), Field.textList("tags"),
            Field.textMap("attributes"));

    @Test
    void textWithNulOrAnUnpairedSurrogateIsNotText() {
        assertThat(Checks.textProblem("plain, عربي, 😀")).isNull();
        assertThat(Checks.textProblem("a\0b")).contains("NUL");
        assertThat(Checks.textProblem("a\uD800b")).contains("surrogate");
        assertThat(Checks.textProblem("\uDE00")).contains("surrogate");
        assertThat(Checks.textProblem("end\uD83D")).contains("surrogate");
        assertThat(Checks.printable("a\0b\tc\uD800😀")).isEqualTo("a\\u0000b\\u0009c\\ud800😀");
    }

    @Test
    void aFieldRefusesWhatCannotBeStored() throws Exception {
        assertThatThrownBy(() -> THINGS.field("name").orElseThrow().parse(MAPPER.readTree("\"a\\ud800\"")))
                .isInstanceOf(InvalidValue.class).hasMessageContaining("surrogate");
        assertThatThrownBy(() -> THINGS.field("tags").orElseThrow().parse(MAPPER.readTree("[\"ok\", \"\\u0000\"]")))
                .isInstanceOf(InvalidValue.class).hasMessageContaining("NUL");
        assertThatThrownBy(() -> THINGS.field("attributes").orElseThrow().parse(MAPPER.readTree("{\"k\\u0000\": \"v\"}")))
                .isInstanceOf(InvalidValue.class).hasMessageContaining("NUL");
    }

    @Test
    void everyTextOfABodyIsCheckedAndNamedByItsPath() {
        assertThat(refusedBody("{\"name\":\"a\\u0000\"}")).containsExactly(new FieldError(null, "name",
                "name must not contain NUL characters", 422));
        assertThat(refusedBody("{\"lines\":[{\"sku\":\"ok\"},{\"sku\":\"\\ud800\"}]}")).extracting(FieldError::field)
                .containsExactly("lines[1].sku");
        assertThat(refusedBody("{\"attributes\":{\"a\\u0000b\":\"v\"}}")).extracting(FieldError::field)
                .containsExactly("attributes.a\\u0000b");
        assertThat(refusedBody("{\"data\":[{\"name\":\"x\"},{\"name\":\"y\"},{\"name\":\"\\u0000\"}]}"))
                .extracting(FieldError::index, FieldError::field).containsExactly(org.assertj.core.groups.Tuple.tuple(2, "name"));
        assertThat(refusedBody("\"\\u0000\"")).extracting(FieldError::field).containsOnlyNulls();
        assertThat(refusedBody("{\"integrationsData.erp.k\":\"\\u0000\"}")).extracting(FieldError::field)
                .containsExactly("integrationsData.erp.k");
    }

    @Test
    void nestingIsBoundedInJsonAndXml() throws Exception {
        String deepJson = "[".repeat(Body.MAX_DEPTH + 1) + "]".repeat(Body.MAX_DEPTH + 1);
        assertThat(statusOf(() -> read(deepJson, MediaType.APPLICATION_JSON_TYPE))).isEqualTo(400);
        assertThat(read("[".repeat(Body.MAX_DEPTH) + "]".repeat(Body.MAX_DEPTH), MediaType.APPLICATION_JSON_TYPE).json())
                .isNotNull();
        String deepXml = "<r>" + "<a>".repeat(10_000) + "</a>".repeat(10_000) + "</r>";
        assertThat(statusOf(() -> XmlCodec.read(deepXml.getBytes(StandardCharsets.UTF_8)))).isEqualTo(400);
        String deepEnough = "<a>".repeat(Body.MAX_DEPTH) + "x" + "</a>".repeat(Body.MAX_DEPTH);
        assertThat(XmlCodec.read(deepEnough.getBytes(StandardCharsets.UTF_8))).isNotNull();
    }

    @Test
    void aBodyIsReadByItsTypeAndNoBodyIsNoBodyWhateverTheType() throws Exception {
        assertThat(read("", MediaType.TEXT_PLAIN_TYPE).json()).isNull();
        assertThat(read("{\"a\":1}", null).json().get("a").asInt()).isEqualTo(1);
        assertThat(read("<x><a>1</a></x>", MediaType.valueOf("application/vnd.thing+xml")).json().get("a").asText())
                .isEqualTo("1");
        assertThat(statusOf(() -> read("a=1", MediaType.APPLICATION_FORM_URLENCODED_TYPE))).isEqualTo(415);
    }

    @Test
    void anOptionalActionBodyTakesNothingOrItsOwnFields() throws Exception {
        assertThat(Body.optional(null, "reason")).isEmpty();
        assertThat(Body.optional(new Body(null, 0))).isEmpty();
        assertThat(Body.optional(new Body(MAPPER.readTree("{}"), 2))).isEmpty();
        assertThat(Body.optional(new Body(MAPPER.readTree("\"\""), 2))).isEmpty(); // <cancel/> in XML
        assertThat(Body.optional(new Body(MAPPER.readTree("{\"reason\":\"x\"}"), 14), "reason").get("reason").asText())
                .isEqualTo("x");
        assertThatThrownBy(() -> Body.optional(new Body(MAPPER.readTree("{\"why\":\"x\"}"), 11), "reason"))
                .isInstanceOf(ApiException.class).hasFieldOrPropertyWithValue("status", 422)
                .satisfies(e -> assertThat(((ApiException) e).errors()).extracting(FieldError::field).containsExactly("why"));
        assertThatThrownBy(() -> Body.optional(new Body(MAPPER.readTree("{\"x\":1}"), 7)))
                .isInstanceOf(ApiException.class).hasMessageContaining("Validation failed");
        assertThatThrownBy(() -> Body.optional(new Body(MAPPER.readTree("[1]"), 3)))
                .isInstanceOf(ApiException.class).hasFieldOrPropertyWithValue("status", 422);
        assertThatThrownBy(() -> Body.optional(new Body(MAPPER.readTree("{}"), Body.MAX_SINGLE_BYTES + 1), "reason"))
                .isInstanceOf(ApiException.class).hasFieldOrPropertyWithValue("status", 413);
    }

    @Test
    void likePatternsMayEscapeButNotEndInTheEscapeCharacter() {
        assertThat(Operator.likePatternProblem("%cotton%")).isNull();
        assertThat(Operator.likePatternProblem("100\\%")).isNull();
        assertThat(Operator.likePatternProblem("back\\\\")).isNull();
        assertThat(Operator.likePatternProblem("%\\")).contains("escape");
        assertThat(Operator.likePatternProblem("\\\\\\")).contains("escape");
        assertThat(Operator.likePatternProblem("\\")).contains("escape");
        assertRefused(Map.of("name[like]", List.of("%\\")), "name");
        assertRefused(Map.of("integrationsData.erp.id[like]", List.of("x\\")), "integrationsData.erp.id");
        assertThat(ListQuery.fromParameters(THINGS, Map.of("name[like]", List.of("50\\%%"))).filters()).hasSize(1);
    }

    @Test
    void filtersAndSearchRefuseTextThatCannotBeText() {
        assertRefused(Map.of("id", List.of("\0")), "id");
        assertRefused(Map.of("name[ne]", List.of("\0")), "name");
        assertRefused(Map.of("name[in]", List.of("a,\uD800")), "name");
        assertRefused(Map.of("integrationsData.erp.id", List.of("a\0")), "integrationsData.erp.id");
        assertRefused(Map.of("search", List.of("red\0")), "search");
        assertThatThrownBy(() -> ListQuery.fromBody(THINGS, MAPPER.readTree("{\"filter\":{\"name\":{\"like\":\"a\\\\\"}}}")))
                .isInstanceOf(ApiException.class).hasFieldOrPropertyWithValue("status", 400);
    }

    @Test
    void everySortKeyNamesAField() throws Exception {
        for (String sort : List.of(",", ",,,", "name,", ",name", "-", "+", " , ", "-name,,price")) {
            assertRefused(Map.of("sort", List.of(sort)), "sort");
        }
        assertThat(ListQuery.fromParameters(THINGS, Map.of("sort", List.of(" "))).sort()).hasSize(1);
        assertThat(ListQuery.fromParameters(THINGS, Map.of("sort", List.of(" -price , name "))).sort()).hasSize(2);
        for (String body : List.of("{\"sort\":\",\"}", "{\"sort\":[\"\"]}", "{\"sort\":[\"name\",\" \"]}", "{\"sort\":[null]}")) {
            assertThatThrownBy(() -> ListQuery.fromBody(THINGS, MAPPER.readTree(body))).as(body).isInstanceOf(ApiException.class)
                    .hasFieldOrPropertyWithValue("status", 400)
                    .satisfies(e -> assertThat(((ApiException) e).errors()).extracting(FieldError::field).containsExactly("sort"));
        }
    }

    @Test
    void integrationDataThatCannotBeTextIsRefusedBeforeItIsForwarded() throws Exception {
        assertThatThrownBy(() -> IntegrationsDataPatch.split(MAPPER.readTree("{\"integrationsData.erp.k\":\"\\u0000\"}")))
                .isInstanceOf(ApiException.class).hasFieldOrPropertyWithValue("status", 422)
                .satisfies(e -> assertThat(((ApiException) e).errors()).extracting(FieldError::field)
                        .containsExactly("integrationsData.erp.k"));
        assertThatThrownBy(() -> IntegrationsDataPatch.split(MAPPER.readTree("{\"integrationsData\":{\"erp\":{\"k\\u0000\":\"v\"}}}")))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).errors()).extracting(FieldError::field)
                        .containsExactly("integrationsData.erp.k\\u0000"));
    }

    @Test
    void aClientThatHangsUpIsToldApartFromAFailure() {
        assertThat(ApiExceptionMappers.clientWentAway(new IOException(new HttpClosedException("Connection was closed")))).isTrue();
        assertThat(ApiExceptionMappers.clientWentAway(new ClosedChannelException())).isTrue();
        assertThat(ApiExceptionMappers.clientWentAway(new IOException("Connection reset by peer"))).isTrue();
        assertThat(ApiExceptionMappers.clientWentAway(new IllegalStateException("Listing failed", new IOException("disk")))).isFalse();
        assertThat(ApiExceptionMappers.clientWentAway(new NullPointerException())).isFalse();
    }

    private static List<FieldError> refusedBody(String json) {
        try {
            read(json, MediaType.APPLICATION_JSON_TYPE);
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(422);
            return e.errors();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted: " + json);
    }

    private static Body read(String body, MediaType type) throws IOException {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        if (type != null) {
            headers.putSingle("Content-Type", type.toString());
        }
        InputStream in = new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
        return new BodyReader().readFrom(Body.class, Body.class, null, type, headers, in);
    }

    @FunctionalInterface
    private interface Call {
        Object call() throws Exception;
    }

    private static int statusOf(Call call) throws Exception {
        try {
            call.call();
        } catch (ApiException e) {
            return e.status();
        }
        throw new AssertionError("accepted");
    }

    private static void assertRefused(Map<String, List<String>> parameters, String named) {
        assertThatThrownBy(() -> ListQuery.fromParameters(THINGS, parameters)).as(parameters.toString())
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400))
                .satisfies(e -> assertThat(((ApiException) e).errors()).extracting(FieldError::field).contains(named));
    }
}
