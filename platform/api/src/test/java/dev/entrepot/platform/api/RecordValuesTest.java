package dev.entrepot.platform.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

class RecordValuesTest {

    private static final EntityType THINGS = EntityType.of("things", "thing", "things",
            Field.text("name").required(),
            Field.integer("count").readOnly(),
            Field.decimal("price"),
            Field.json("lines"),
            Field.textList("tags"));

    @Test
    void declaredFieldsTakeTheirKindsJavaValuesReadOnlyOnesIncluded() {
        RecordValues values = RecordValues.of(THINGS).set("name", "x").set("count", 3).set("price", new BigDecimal("1.5"))
                .set("lines", JsonNodeFactory.instance.arrayNode()).set("tags", List.of("a")).setAll(Map.of("name", "y"));
        assertThat(values.fields()).extractingFromEntries(entry -> entry.getKey().name())
                .containsExactly("name", "count", "price", "lines", "tags");
        assertThat(values.fields().values()).contains(3L, "y");
    }

    @Test
    void aMisspeltFieldAPlatformFieldOrAWrongTypeFailsAtOnce() {
        assertThatThrownBy(() -> RecordValues.of(THINGS).set("nmae", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordValues.of(THINGS).set(EntityType.ID, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordValues.of(THINGS).set(EntityType.INTEGRATIONS_DATA, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordValues.of(THINGS).set("price", 1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BigDecimal");
        assertThatThrownBy(() -> RecordValues.of(THINGS).set("lines", "[]")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHiddenColumnIsOneTheEntityDoesNotShow() {
        assertThat(RecordValues.of(THINGS).hidden("secret_hash", "h").hidden()).containsEntry("secret_hash", "h");
        for (String column : List.of("name", "org_id", "version", "integrations_data", "x; DROP TABLE things", "Name")) {
            assertThatThrownBy(() -> RecordValues.of(THINGS).hidden(column, "v")).as(column)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
