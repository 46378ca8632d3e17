package dev.entrepot.catalog;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.jboss.logging.Logger;

import io.opentelemetry.api.trace.Span;

/** Test-only endpoint: logs one line and answers the trace id it ran under. */
@Path("/test/trace-probe")
public class TraceProbeResource {

    static final String MESSAGE = "trace probe handled";
    private static final Logger LOG = Logger.getLogger(TraceProbeResource.class);

    @GET
    public String probe() {
        LOG.info(MESSAGE);
        return Span.current().getSpanContext().getTraceId();
    }
}
