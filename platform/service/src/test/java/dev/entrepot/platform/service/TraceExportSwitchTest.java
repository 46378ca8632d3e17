package dev.entrepot.platform.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TraceExportSwitchTest {

    private static final Map<String, String> SDK_OFF = Map.of("quarkus.otel.sdk.disabled", "true");

    @Test
    void withoutAnEndpointNewTracesAreNotSampled() {
        assertThat(new TraceExportSwitch(null, Map.of()).getValue(TraceExportSwitch.SAMPLER_RATIO)).isEqualTo("0.0");
        assertThat(new TraceExportSwitch("  ", Map.of()).getValue(TraceExportSwitch.SAMPLER_RATIO)).isEqualTo("0.0");
    }

    @Test
    void withoutAnEndpointAnAppsOwnSwitchesApplyToo() {
        TraceExportSwitch source = new TraceExportSwitch(null, SDK_OFF);
        assertThat(source.getValue("quarkus.otel.sdk.disabled")).isEqualTo("true");
        assertThat(source.getValue(TraceExportSwitch.SAMPLER_RATIO)).isEqualTo("0.0");
    }

    @Test
    void withAnEndpointItStaysOutOfTheWay() {
        TraceExportSwitch source = new TraceExportSwitch("http://collector:4317", SDK_OFF);
        assertThat(source.getPropertyNames()).isEmpty();
        assertThat(source.getValue(TraceExportSwitch.SAMPLER_RATIO)).isNull();
        assertThat(source.getValue("quarkus.otel.sdk.disabled")).isNull();
    }

    @Test
    void environmentVariablesStillWin() {
        assertThat(new TraceExportSwitch(null, Map.of()).getOrdinal()).isBetween(251, 299);
    }
}
