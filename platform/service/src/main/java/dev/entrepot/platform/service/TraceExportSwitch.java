package dev.entrepot.platform.service;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Keeps trace export off unless {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set.
 * <p>
 * Quarkus fixes the OTLP exporter and the sampler at build time, so the only run-time switch is the
 * sampler ratio. Without an endpoint, new traces are not sampled: every request still gets a trace id
 * (it is in every log line and travels over REST and Kafka), but no span is sent to a collector that
 * is not there. With an endpoint, this source is empty and the configured ratio (default 1.0) applies.
 * Its ordinal sits above application.properties and below environment variables, so
 * {@code QUARKUS_OTEL_TRACES_SAMPLER_ARG} still wins.
 * <p>
 * An app may ask for more to be switched off while nothing is exported: see {@link #TraceExportSwitch(Map)}.
 */
public class TraceExportSwitch implements ConfigSource {

    static final String SAMPLER_RATIO = "quarkus.otel.traces.sampler.arg";

    private final Map<String, String> properties;

    public TraceExportSwitch() {
        this(Map.of());
    }

    /** Also sets {@code whenNotExporting} (for example the whole SDK off) while no endpoint is set. */
    protected TraceExportSwitch(Map<String, String> whenNotExporting) {
        this(System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT"), whenNotExporting);
    }

    TraceExportSwitch(String otlpEndpoint, Map<String, String> whenNotExporting) {
        boolean exporting = otlpEndpoint != null && !otlpEndpoint.isBlank();
        Map<String, String> off = new HashMap<>(whenNotExporting);
        off.put(SAMPLER_RATIO, "0.0");
        this.properties = exporting ? Map.of() : Map.copyOf(off);
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "entrepot-trace-export-switch";
    }

    @Override
    public int getOrdinal() {
        return 275;
    }
}
