package dev.entrepot.platform.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class IntegrationsDataPatchTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final EntityType THINGS = EntityType.of("things", "thing", "things", Field.text("name"));

    @Test
    void theNestedAndDottedFormsMergeAndTheRecordsFieldsStayApart() throws Exception {
        IntegrationsDataPatch.Split split = IntegrationsDataPatch.split(MAPPER.readTree("""
                {"name": "Kettle", "integrationsData.erp.external_id": "A-17", "integrationsData.erp.a.b": null,
                 "integrationsData.shop": {"id": "9"}, "integrationsData": {"erp": {"batch": "7"}}}"""));
        assertThat(split.fields().toString()).isEqualTo("{\"name\":\"Kettle\"}");
        assertThat(split.data().toString())
                .isEqualTo("{\"erp\":{\"external_id\":\"A-17\",\"a.b\":null,\"batch\":\"7\"},\"shop\":{\"id\":\"9\"}}");
    }

    @Test
    void aBodyWithoutIntegrationDataHasNone() throws Exception {
        assertThat(IntegrationsDataPatch.split(MAPPER.readTree("{\"name\": \"x\", \"integrationsData\": {}}")).data()).isNull();
        assertThat(IntegrationsDataPatch.split(MAPPER.readTree("{\"integrationsData\": null}")).data()).isNull();
    }

    @Test
    void malformedFormsAndConflictingValuesAreNamed() {
        assertThatThrownBy(() -> IntegrationsDataPatch.split(MAPPER.readTree("""
                {"integrationsData": "flat", "integrationsData.erp": "x", "integrationsData..k": "v",
                 "integrationsData.shop.id": "1", "integrationsData.shop": {"id": "2"}}""")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
                        .containsExactly("integrationsData", "integrationsData.erp", "integrationsData..k", "integrationsData.shop.id"));
    }

    @Test
    void aFilterOnAnIntegrationsValueNamesTheIntegrationAndTheWholeKey() {
        ListQuery query = ListQuery.fromParameters(THINGS, Map.of("integrationsData.erp.ids.main[in]", List.of("A,B")));
        ListQuery.Filter filter = query.filters().get(0);
        assertThat(filter.integration()).isEqualTo("erp");
        assertThat(filter.key()).isEqualTo("ids.main");
        assertThat(filter.values()).containsExactly("A", "B");
        assertThatThrownBy(() -> ListQuery.fromParameters(THINGS, Map.of("integrationsData.erp[gt]", List.of("A"))))
                .isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> ListQuery.fromParameters(THINGS, Map.of("integrationsData.erp.id[gt]", List.of("A"))))
                .isInstanceOf(ApiException.class);
    }
}
