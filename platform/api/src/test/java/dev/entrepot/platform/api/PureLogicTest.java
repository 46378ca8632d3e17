package dev.entrepot.platform.api;

import java.math.BigDecimal;
import java.util.Collections;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class PureLogicTest {

    private static final EntityType THINGS = EntityType.of("things", "thing", "things",
            Field.text("name").required().searchable(), Field.decimal("price"), Field.textList("tags"),
            Field.textMap("attributes"), Field.bool("is_enabled"));

    @Test
    void idsAreFifteenLowercaseAlphanumericsAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = Ids.next();
            assertThat(id).matches("[a-z0-9]{15}");
            assertThat(seen.add(id)).isTrue();
        }
        assertThat(Ids.isWellFormed("ABCDEFGHIJKLMNO")).isFalse();
        assertThat(Ids.isWellFormed("abc")).isFalse();
    }

    @Test
    void csvNeutralisesFormulasAndQuotesSeparators() {
        assertThat(CsvFormat.escapeText("=1+2")).isEqualTo("'=1+2");
        assertThat(CsvFormat.escapeText("+1")).isEqualTo("'+1");
        assertThat(CsvFormat.escapeText("-1")).isEqualTo("'-1");
        assertThat(CsvFormat.escapeText("@cmd")).isEqualTo("'@cmd");
        assertThat(CsvFormat.escapeText("\tx")).isEqualTo("'\tx");
        assertThat(CsvFormat.escapeText("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvFormat.escapeText("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvFormat.escapeText("=a,b")).isEqualTo("\"'=a,b\"");
        assertThat(CsvFormat.escapeText("plain")).isEqualTo("plain");
    }

    @Test
    void searchTermsBecomePrefixesWithNoTsquerySyntaxFromTheCaller() {
        assertThat(RecordStore.prefixQuery("Red Shoe")).isEqualTo("red:* & shoe:*");
        assertThat(RecordStore.prefixQuery("a & b | !c:* <-> d")).isEqualTo("a:* & b:* & c:* & d:*");
        assertThat(RecordStore.prefixQuery("حذاء أحمر")).isEqualTo("حذاء:* & أحمر:*");
        assertThatThrownBy(() -> RecordStore.prefixQuery("&|!")).isInstanceOf(ApiException.class);
    }

    @Test
    void xmlRoundTripsTheJsonTree() throws Exception {
        JsonNode original = new ObjectMapper().readTree(
                "{\"name\":\"a<b>&c\",\"tags\":[\"x\",\"y\"],\"empty\":[],\"attributes\":{\"odd key\":\"v\",\"k\":\"w\"},\"gone\":null}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        XmlCodec.write(original, "thing", out);
        JsonNode read = XmlCodec.read(out.toByteArray());
        assertThat(read.get("name").asText()).isEqualTo("a<b>&c");
        assertThat(read.get("tags")).hasSize(2);
        assertThat(read.get("attributes").get("odd key").asText()).isEqualTo("v");
        assertThat(read.get("gone").isNull()).isTrue();
        assertThat(THINGS.field("tags").orElseThrow().parse(read.get("empty"))).isEqualTo(List.of());
    }

    @Test
    void xmlWithADoctypeIsRefused() {
        byte[] billionLaughs = ("<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]>"
                + "<thing><name>&b;</name></thing>").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> XmlCodec.read(billionLaughs)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
    }

    @Test
    void listParametersAreCheckedAgainstTheEntity() {
        ListQuery query = ListQuery.fromParameters(THINGS, Map.of("price[gte]", List.of("1.5"), "tags[in]", List.of("a,b"),
                "sort", List.of("-price,name"), "limit", List.of("50"), "page", List.of("3")));
        assertThat(query.filters()).hasSize(2);
        assertThat(query.offset()).isEqualTo(100);
        assertThat(query.page()).isEqualTo(3);
        assertThat(query.sort()).extracting(key -> key.field().name() + (key.descending() ? "-" : "+"))
                .containsExactly("price-", "name+");
        assertThat(ListQuery.fromParameters(THINGS, Map.of()).sort().get(0).field().name()).isEqualTo("created");
        assertRefused(Map.of("colour", List.of("red")), "colour");
        assertRefused(Map.of("price[approx]", List.of("1")), "approx");
        assertRefused(Map.of("tags[gt]", List.of("a")), "gt");
        assertRefused(Map.of("attributes", List.of("a")), "attributes");
        assertRefused(Map.of("limit", List.of("101")), "limit");
        assertRefused(Map.of("depth", List.of("4")), "depth");
        assertRefused(Map.of("sort", List.of("tags")), "tags");
        assertRefused(Map.of("price[in]", List.of(String.join(",", Collections.nCopies(101, "1")))), "price");
    }

    @Test
    void fieldValuesAreParsedStrictly() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Field price = THINGS.field("price").orElseThrow();
        assertThat(price.parse(mapper.readTree("\"19.99\""))).isEqualTo(new BigDecimal("19.99"));
        assertThatThrownBy(() -> price.parse(mapper.readTree("\"1.23456\""))).isInstanceOf(InvalidValue.class);
        assertThatThrownBy(() -> price.parse(mapper.readTree("1.23456"))).isInstanceOf(InvalidValue.class);
        assertThatThrownBy(() -> price.parse(mapper.readTree("1234567890123456"))).isInstanceOf(InvalidValue.class);
        assertThatThrownBy(() -> THINGS.field("name").orElseThrow().parse(mapper.readTree("\"  \""))).isInstanceOf(InvalidValue.class);
        assertThatThrownBy(() -> THINGS.field("is_enabled").orElseThrow().parse(mapper.readTree("\"yes\""))).isInstanceOf(InvalidValue.class);
        assertThatThrownBy(() -> THINGS.field("attributes").orElseThrow().parse(mapper.readTree("{\"a\":1}"))).isInstanceOf(InvalidValue.class);
    }

    private static void assertRefused(Map<String, List<String>> parameters, String named) {
        assertThatThrownBy(() -> ListQuery.fromParameters(THINGS, parameters)).isInstanceOf(ApiException.class)
                .hasMessageContaining(named)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
    }
}
