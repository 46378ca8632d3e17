package dev.entrepot.integrations.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.FieldError;

class DataPatchTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void setsDeletesAndLeavesKeysAlone() throws Exception {
        DataPatch patch = DataPatch.parse(MAPPER.readTree("{\"erp\": {\"a\": \"1\", \"b\": null}}"));
        List<FieldError> errors = new ArrayList<>();
        assertThat(patch.applyTo("erp", Map.of("b", "old", "c", "kept"), errors)).isEqualTo(Map.of("a", "1", "c", "kept"));
        assertThat(errors).isEmpty();
        assertThat(patch.integrations()).containsExactly("erp");
    }

    @Test
    void namesEachKeyBeyondTheTwentiethButNotTheReplacedOnes() throws Exception {
        Map<String, String> nineteen = new TreeMap<>();
        for (int i = 0; i < 19; i++) {
            nineteen.put("k" + i, "v");
        }
        DataPatch patch = DataPatch.parse(MAPPER.readTree("{\"erp\": {\"k0\": \"new\", \"x\": \"1\", \"y\": \"2\", \"z\": \"3\"}}"));
        List<FieldError> errors = new ArrayList<>();
        patch.applyTo("erp", nineteen, errors);
        assertThat(errors).extracting(FieldError::field).containsExactly("integrationsData.erp.y", "integrationsData.erp.z");
        assertThat(errors.get(0).message()).contains("number 21");
    }

    @Test
    void refusesEveryBadKeyAndValueAtOnce() {
        assertThatThrownBy(() -> DataPatch.parse(MAPPER.readTree("{\"erp\": {\"\": \"1\", \"n\": 2, \"o\": {}}, \"shop\": []}")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
                        .containsExactly("integrationsData.erp.", "integrationsData.erp.n", "integrationsData.erp.o",
                                "integrationsData.shop"));
        assertThatThrownBy(() -> DataPatch.parse(MAPPER.readTree("{}"))).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> DataPatch.parse(MAPPER.readTree(
                "{\"erp\": {\"nul\": \"a\\u0000\", \"k\\u0000\": \"v\", \"half\": \"\\ud800\"}, \"s\\u0000\": {}}")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
                        .containsExactly("integrationsData.erp.nul", "integrationsData.erp.k\\u0000", "integrationsData.erp.half",
                                "integrationsData.s\\u0000"));
        assertThatThrownBy(() -> DataPatch.parse(MAPPER.readTree("{\"" + "i".repeat(41) + "\": {\"a\": \"b\"}}")))
                .isInstanceOf(ApiException.class);
    }
}
