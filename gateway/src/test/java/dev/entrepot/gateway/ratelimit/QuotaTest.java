package dev.entrepot.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.entrepot.gateway.ratelimit.BatchBody.Verdict;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

class QuotaTest {

    @Test
    void readsWritesAndBulk() {
        assertThat(Quota.of(HttpMethod.GET, "/api/v1/products", false)).isEqualTo(Quota.READ);
        assertThat(Quota.of(HttpMethod.HEAD, "/api/v1/products/x", false)).isEqualTo(Quota.READ);
        assertThat(Quota.of(HttpMethod.POST, "/api/v1/products", false)).isEqualTo(Quota.WRITE);
        assertThat(Quota.of(HttpMethod.PATCH, "/api/v1/products/x", false)).isEqualTo(Quota.WRITE);
        assertThat(Quota.of(HttpMethod.DELETE, "/api/v1/products/x", false)).isEqualTo(Quota.WRITE);
        assertThat(Quota.of(HttpMethod.POST, "/api/v1/products", true)).isEqualTo(Quota.BULK);
        assertThat(Quota.of(HttpMethod.PUT, "/api/v1/products", true)).isEqualTo(Quota.BULK);
        assertThat(Quota.of(HttpMethod.POST, "/api/v1/products/query", false)).isEqualTo(Quota.BULK);
        assertThat(Quota.of(HttpMethod.POST, "/api/v1/products/query.xml", false)).isEqualTo(Quota.BULK);
        assertThat(Quota.of(HttpMethod.POST, "/api/v1/queryable", false)).isEqualTo(Quota.WRITE);
    }

    @Test
    void tellsABatchFromItsFirstBytes() {
        assertThat(verdict("{\"data\":[{\"name\":\"a\"}]}", true)).isEqualTo(Verdict.BATCH);
        assertThat(verdict(" \n{ \"data\" :\t[", false)).isEqualTo(Verdict.BATCH);
        assertThat(verdict("{\"name\":\"a\"}", true)).isEqualTo(Verdict.SINGLE);
        assertThat(verdict("{\"data\":{\"name\":\"a\"}}", true)).isEqualTo(Verdict.SINGLE);
        assertThat(verdict("{\"database\":1}", true)).isEqualTo(Verdict.SINGLE);
        assertThat(verdict("[1,2]", true)).isEqualTo(Verdict.SINGLE);
        assertThat(verdict("<products/>", true)).isEqualTo(Verdict.SINGLE);
    }

    @Test
    void waitsForMoreBytesOnlyWhileTheyCouldStillMakeABatch() {
        assertThat(verdict("{\"da", false)).isEqualTo(Verdict.UNDECIDED);
        assertThat(verdict("{\"da", true)).isEqualTo(Verdict.SINGLE);
        assertThat(verdict("", false)).isEqualTo(Verdict.UNDECIDED);
        assertThat(verdict("", true)).isEqualTo(Verdict.SINGLE);
        assertThat(verdict(" ".repeat(BatchBody.PEEK_LIMIT), false)).isEqualTo(Verdict.SINGLE);
    }

    @Test
    void limitsParseTheirOverridesAndRefuseNonsense() {
        Limits limits = new Limits(300, 100, 100, "orgA:read=5000, orgA:bulk=7,orgB:write=1");
        assertThat(limits.of("orgA", Quota.READ)).isEqualTo(5000);
        assertThat(limits.of("orgA", Quota.WRITE)).isEqualTo(100);
        assertThat(limits.of("orgA", Quota.BULK)).isEqualTo(7);
        assertThat(limits.of("orgB", Quota.WRITE)).isEqualTo(1);
        assertThat(limits.of("orgC", Quota.READ)).isEqualTo(300);
        assertThatThrownBy(() -> new Limits(300, 100, 100, "orgA=5"))
                .hasMessageContaining("orgA=5");
        assertThatThrownBy(() -> new Limits(300, 100, 100, "orgA:reads=5"))
                .hasMessageContaining("reads");
        assertThatThrownBy(() -> new Limits(300, 100, 100, "orgA:read=lots"))
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> new Limits(300, 100, 100, "orgA:read=0"))
                .hasMessageContaining("at least 1");
    }

    private static Verdict verdict(String text, boolean complete) {
        return BatchBody.of(Buffer.buffer(text), complete);
    }
}
