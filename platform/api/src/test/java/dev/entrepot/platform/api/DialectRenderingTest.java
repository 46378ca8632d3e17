package dev.entrepot.platform.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.entrepot.platform.service.Dialects;

class DialectRenderingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void packageXReadsEachErrorAsOneStringAndTheEndpointAsItsClientCalledIt() {
        ApiException refusal = new ApiException(422, "validation_failed", "Invalid location",
                List.of(FieldError.of("name_en", "Name is required"), FieldError.of("sku", "must be unique").at(2),
                        FieldError.of(null, "Too many items").at(7)));
        Envelope envelope = Envelope.error(refusal, "/api/v1/locations");

        DialectRendering.packageX(envelope.body());

        JsonNode body = envelope.body();
        assertThat(body.path("errors").toString())
                .isEqualTo("[\"name_en: Name is required\",\"data[2].sku: must be unique\",\"data[7]: Too many items\"]");
        assertThat(body.path("endpoint").asText()).isEqualTo("/v1/locations");
        assertThat(body.path("status").asInt()).isEqualTo(422);
        assertThat(body.path("error_code").asText()).isEqualTo("validation_failed");
        assertThat(body.path("message").asText()).isEqualTo("Invalid location");
    }

    @Test
    void aCanonicalEnvelopeIsUntouchedButForWhatTheDialectReadsDifferently() throws Exception {
        Envelope envelope = Envelope.record(201, "Created", JSON.readTree("{\"id\":\"x\",\"errors\":[{\"field\":\"kept\"}]}"), null,
                "/api/v1/locations");
        String before = envelope.body().toString();

        DialectRendering.packageX(envelope.body());

        assertThat(envelope.body().path("data").toString()).as("a record's own fields are data, not the envelope's")
                .isEqualTo("{\"id\":\"x\",\"errors\":[{\"field\":\"kept\"}]}");
        assertThat(envelope.body().path("errors").toString()).isEqualTo("[]");
        assertThat(envelope.body().toString()).isEqualTo(before.replace("\"/api/v1/locations\"", "\"/v1/locations\""));
    }

    @Test
    void piranyaReadsEveryAnswerAsAListInItsEnvelopeWithItsOwnNamesBesideOurs() throws Exception {
        Envelope product = Envelope.record(201, "Created", JSON.readTree("{\"id\":\"p1\",\"sku\":\"SKU1234\"}"), null,
                "/api/v1/products");

        JsonNode answer = PiranyaDialect.answer(product.body(), false, "products", "da");

        assertThat(answer.toString()).isEqualTo("{\"api_version\":3,\"locale\":\"da\",\"data\":[{\"id\":\"p1\",\"sku\":\"SKU1234\","
                + "\"system_identifier\":\"SKU1234\"}],\"result\":\"ok\"}");

        JsonNode user = PiranyaDialect.answer(Envelope.record(200, "OK", JSON.readTree("{\"id\":\"u1\",\"email\":\"t@p.dk\","
                + "\"first_name\":\"Test\",\"middle_name\":null,\"last_name\":\"Testsen\",\"phone\":\"+4512345678\"}"), null,
                "/api/v1/users").body(), false, "users", "en").path("data").get(0);
        assertThat(user.path("username").asText()).isEqualTo("t@p.dk");
        assertThat(user.path("profile").toString()).isEqualTo("{\"first_name\":\"Test\",\"middle_name\":null,"
                + "\"last_name\":\"Testsen\",\"email\":\"t@p.dk\",\"primary_phone\":\"+4512345678\"}");
    }

    @Test
    void aPiranyaRefusalKeepsItsMessageAndFieldErrorsWithNoData() {
        Envelope refusal = Envelope.error(new ApiException(422, "validation_failed", "Validation failed",
                List.of(FieldError.of("name_en", "name_en is required").at(1))), "/api/v1/products");

        JsonNode answer = PiranyaDialect.answer(refusal.body(), true, "products", "en");

        assertThat(answer.path("result").asText()).isEqualTo("error");
        assertThat(answer.path("data").toString()).isEqualTo("[]");
        assertThat(answer.path("message").asText()).isEqualTo("Validation failed");
        assertThat(answer.path("errors").toString()).isEqualTo("[{\"index\":1,\"field\":\"name_en\",\"message\":\"name_en is required\"}]");
    }

    @Test
    void piranyasLocaleIsTheFirstLanguageAskedForAndItsVersionIsThree() {
        assertThat(Dialects.Piranya.locale("da-DK,da;q=0.9,en;q=0.8")).isEqualTo("da");
        assertThat(Dialects.Piranya.locale(null)).isEqualTo("en");
        assertThat(Dialects.Piranya.locale("*")).isEqualTo("en");
        for (String nothing : new String[] { ",", ";", "-", "", " , da", "12-DK" }) {
            assertThat(Dialects.Piranya.locale(nothing)).as("'" + nothing + "'").isEqualTo("en");
        }
        assertThat(Dialects.Piranya.locale(" EN-gb;q=0.8")).isEqualTo("en");
        PiranyaDialect.checkVersion("3");
        assertThat(catchThrowableOfType(() -> PiranyaDialect.checkVersion("4"),
                ApiException.class).status()).isEqualTo(400);
    }
}
