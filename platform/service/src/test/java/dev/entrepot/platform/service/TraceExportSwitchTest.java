package dev.entrepot.platform.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceExportSwitchTest {

    @Test
    void withoutAnEndpointNewTracesAreNotSampled() {
        assertThat(new TraceExportSwitch(null).getValue(TraceExportSwitch.SAMPLER_RATIO)).isEqualTo("0.0");
        assertThat(new TraceExportSwitch("  ").getValue(TraceExportSwitch.SAMPLER_RATIO)).isEqualTo("0.0");
    }

    @Test
    void withAnEndpointItStaysOutOfTheWay() {
        TraceExportSwitch source = new TraceExportSwitch("http://collector:4317");
        assertThat(source.getPropertyNames()).isEmpty();
        assertThat(source.getValue(TraceExportSwitch.SAMPLER_RATIO)).isNull();
    }

    @Test
    void environmentVariablesStillWin() {
        assertThat(new TraceExportSwitch(null).getOrdinal()).isBetween(251, 299);
    }
}
