package dev.entrepot.catalog.rest;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.net.impl.ConnectionBase;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Test-only: a request carrying {@link #HEADER} has its connection closed once the resource returned,
 * that is after its transaction committed and before a byte of the answer is written, as when the
 * process dies between the two.
 */
public class CrashAfterCommit {

    public static final String HEADER = "X-Test-Crash-After-Commit";

    @Inject
    CurrentVertxRequest current;

    @ServerResponseFilter
    public void crash(ContainerRequestContext request) {
        if (request.getHeaderString(HEADER) != null) {
            // The socket itself, closed before the filter returns: connection().close() and response().reset()
            // are queued to the event loop, and over HTTP/1.1 lost the race with the answer in three runs of four.
            ((ConnectionBase) current.getCurrent().request().connection()).channel().close().syncUninterruptibly();
        }
    }
}
