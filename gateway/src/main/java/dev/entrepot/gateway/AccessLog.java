package dev.entrepot.gateway;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Where the access lines go (logger {@value #CATEGORY}, one per request): to standard output, formatted by the
 * console handler's own formatter (text or JSON, as configured), in batches. The lines an event loop writes
 * while it handles one turn of network events leave in one system call at the end of that turn, instead of
 * one call per line under a lock both event loops take; that cost about 13 µs of the gateway's CPU per request
 * (bench/README.md, Gateway). Nothing waits for a timer: a line is out microseconds after its request ended,
 * and a crash loses at most the lines of the turn it interrupts.
 * <p>
 * Installed at startup in place of the access logger's parent handlers, and only where the console is on and
 * the access logger has no handlers of its own configured; otherwise the logger is left as configured.
 */
@ApplicationScoped
class AccessLog {

    static final String CATEGORY = "dev.entrepot.gateway.access";
    private static final Logger LOG = Logger.getLogger(AccessLog.class);

    void install(@Observes StartupEvent started) {
        org.jboss.logmanager.Logger access = LogContext.getLogContext().getLogger(CATEGORY);
        if (access.getHandlers().length > 0 || !access.getUseParentHandlers()) {
            return;
        }
        ConsoleHandler console = console(LogContext.getLogContext().getLogger("").getHandlers());
        if (console == null) {
            return;
        }
        access.addHandler(new Batches(console));
        access.setUseParentHandlers(false);
        LOG.debug("access lines: to standard output in batches, one write per event-loop turn");
    }

    /** The console handler among these or their children (an asynchronous or delayed handler wraps it). */
    private static ConsoleHandler console(Handler[] handlers) {
        for (Handler handler : handlers) {
            if (handler instanceof ConsoleHandler console) {
                return console;
            }
            if (handler instanceof ExtHandler parent) {
                ConsoleHandler nested = console(parent.getHandlers());
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }

    /** Formats as the console does and collects each event loop's lines until the end of its turn. */
    static final class Batches extends ExtHandler {

        /** A write to a pipe of at most this many bytes (PIPE_BUF) is never interleaved with another writer's. */
        static final int ATOMIC_WRITE = 4096;

        private final ConsoleHandler console;
        private final PerEventLoop<StringBuilder> pending = new PerEventLoop<>(StringBuilder::new);

        Batches(ConsoleHandler console) {
            this.console = console;
        }

        @Override
        protected void doPublish(ExtLogRecord record) {
            if (!console.isLoggable(record)) {
                return;
            }
            String line = console.getFormatter().format(record);
            StringBuilder lines = pending.get();
            if (lines == null) {
                write(line);
                return;
            }
            boolean first = lines.isEmpty();
            lines.append(line);
            if (first) {
                // Runs after the network events this turn of the loop is handling, not before the next request.
                Context loop = Vertx.currentContext();
                loop.runOnContext(ignored -> {
                    String batch = lines.toString();
                    lines.setLength(0);
                    write(batch);
                });
            }
        }

        /**
         * Whole lines, in writes of at most {@link #ATOMIC_WRITE} bytes unless a single line is longer, through
         * {@code System.out} as the console handler writes (a test runner that captures it sees them too).
         */
        static void write(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            PrintStream out = System.out;
            int from = 0;
            while (from < bytes.length) {
                int to = chunkEnd(bytes, from);
                out.write(bytes, from, to - from);
                out.flush();
                from = to;
            }
        }

        /** Where a write that starts at {@code from} ends: after the last line that fits, or after one longer line. */
        static int chunkEnd(byte[] bytes, int from) {
            int limit = Math.min(bytes.length, from + ATOMIC_WRITE);
            if (limit == bytes.length) {
                return limit;
            }
            for (int i = limit - 1; i >= from; i--) {
                if (bytes[i] == '\n') {
                    return i + 1;
                }
            }
            for (int i = limit; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    return i + 1;
                }
            }
            return bytes.length;
        }
    }
}
