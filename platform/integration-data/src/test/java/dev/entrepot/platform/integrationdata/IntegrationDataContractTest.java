package dev.entrepot.platform.integrationdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.entrepot.platform.integrationdata.contract.IntegrationDataContract;
import dev.entrepot.platform.integrationdata.contract.IntegrationDataContract.Changed;
import dev.entrepot.platform.integrationdata.contract.IntegrationDataContract.Key;
import dev.entrepot.platform.integrationdata.contract.IntegrationDataContract.NamespaceState;
import dev.entrepot.platform.integrationdata.contract.IntegrationDataContract.WriteAnswer;

class IntegrationDataContractTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void aKeyNamesOneNamespaceAndAnIntegrationMayNotSplitIt() {
        String key = IntegrationDataContract.key("org1", "products", "p1", "erp");
        assertThat(key).isEqualTo("org1/products/p1/erp");
        assertThat(IntegrationDataContract.parseKey(key)).isEqualTo(new Key("org1", "products", "p1", "erp"));
        assertThat(IntegrationDataContract.parseKey("org1/products/p1/erp/x").integration()).isEqualTo("erp/x");
        assertThat(IntegrationDataContract.parseKey("org1/products/p1")).isNull();
        assertThat(IntegrationDataContract.parseKey(null)).isNull();
    }

    @Test
    void theEventAndTheAnswerHaveTheShapesBothSidesRead() throws Exception {
        assertThat(MAPPER.writeValueAsString(new Changed("products", "p1", "erp", Map.of("id", "A-17"), 7)))
                .isEqualTo("{\"entity\":\"products\",\"record_id\":\"p1\",\"integration\":\"erp\",\"values\":{\"id\":\"A-17\"},"
                        + "\"version\":7}");
        WriteAnswer answer = MAPPER.readValue("{\"status\":200,\"message\":\"OK\",\"data\":[{\"integration\":\"erp\",\"version\":7,"
                + "\"values\":{\"id\":\"A-17\"}}]}", WriteAnswer.class);
        assertThat(answer.data()).isEqualTo(List.of(new NamespaceState("erp", Map.of("id", "A-17"), 7)));
    }

    @Test
    void theInternalPathIsTheOneOfARecord() {
        assertThat(IntegrationDataContract.PATH).isEqualTo("/internal/v1/integrations-data/{entity}/{id}");
        assertThat(IntegrationDataContract.TOPIC).isEqualTo("integrations.data");
    }
}
