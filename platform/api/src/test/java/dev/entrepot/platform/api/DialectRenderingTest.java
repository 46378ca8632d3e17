package dev.entrepot.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
}
