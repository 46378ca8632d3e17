package dev.entrepot.gateway;

import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Handler;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Where the access lines go (logger {@value #CATEGORY}, one per request): to standard output, formatted by the
 * console handler's own formatter (text or JSON, as configured), in batches. The lines an event loop writes
 * while it handles one turn of network events leave in one system call at the end of that turn, instead of
 * one call per line under a lock both event loops take, which cost about 7% of the gateway's CPU per request
 * and most of its futex calls (bench/README.md, Gateway). Nothing waits for a timer: a line is out
 * microseconds after its request ended, and a crash loses at most the lines of the turn it interrupts.
 * <p>
 * Installed at startup in place of the access logger's parent handlers, and only where the console on standard
 * output is the one place log lines go and the access logger has no handlers of its own configured; otherwise
 * the logger is left as configured.
 */
@ApplicationScoped
class AccessLog {

    static final String CATEGORY = "dev.entrepot.gateway.access";
    private static final Logger LOG = Logger.getLogger(AccessLog.class);

    void install(@Observes StartupEvent started) {
        org.jboss.logmanager.Logger access = LogContext.getLogContext().getLogger(CATEGORY);
        if (access.getHandlers().length > 0 || !access.getUseParentHandlers()
                || ConfigProvider.getConfig().getOptionalValue("quarkus.log.console.stderr", Boolean.class).orElse(false)) {
            return;
        }
        List<Handler> outputs = new ArrayList<>();
        leaves(LogContext.getLogContext().getLogger("").getHandlers(), outputs);
        // Only where the console is where every line goes: cutting the access logger from its parents must not
        // take its lines from a file, syslog or OpenTelemetry handler.
        if (outputs.size() != 1 || !(outputs.get(0) instanceof ConsoleHandler console)) {
            LOG.debugf("access lines: through the configured handlers %s", outputs);
            return;
        }
        access.addHandler(new Batches(console));
        access.setUseParentHandlers(false);
        LOG.debug("access lines: to standard output in batches, one write per event-loop turn");
    }

    /** The handlers that write, under those that only wrap others (an asynchronous or delayed handler). */
    private static void leaves(Handler[] handlers, List<Handler> into) {
        for (Handler handler : handlers) {
            if (handler instanceof ExtHandler parent && !(handler instanceof ConsoleHandler) && parent.getHandlers().length > 0) {
                leaves(parent.getHandlers(), into);
            } else {
                into.add(handler);
            }
        }
    }

    /** Formats as the console does and collects each event loop's lines until the end of its turn. */
    static final class Batches extends ExtHandler {

        /** A write to a pipe of at most this many bytes (PIPE_BUF) is never interleaved with another writer's. */
        static final int ATOMIC_WRITE = 4096;

        private final ConsoleHandler console;
        private final Charset charset;
        private final PerEventLoop<StringBuilder> pending = new PerEventLoop<>(StringBuilder::new);

        Batches(ConsoleHandler console) {
            this.console = console;
            this.charset = console.getCharset() == null ? StandardCharsets.UTF_8 : console.getCharset();
        }

        @Override
        protected void doPublish(ExtLogRecord record) {
            if (!console.isLoggable(record)) {
                return;
            }
            String line = console.getFormatter().format(record);
            StringBuilder lines = pending.get();
            if (lines == null) {
                write(line, charset);
                return;
            }
            boolean first = lines.isEmpty();
            lines.append(line);
            if (first) {
                try {
                    // Runs after the network events this turn of the loop is handling, not before the next request.
                    Vertx.currentContext().runOnContext(ignored -> flush(lines, charset));
                } catch (RejectedExecutionException stopping) {
                    flush(lines, charset);
                }
            }
        }

        private static void flush(StringBuilder lines, Charset charset) {
            String batch = lines.toString();
            lines.setLength(0);
            write(batch, charset);
        }

        /**
         * Whole lines, in writes of at most {@link #ATOMIC_WRITE} bytes unless a single line is longer, through
         * {@code System.out} as the console handler writes (a test runner that captures it sees them too).
         */
        static void write(String text, Charset charset) {
            byte[] bytes = text.getBytes(charset);
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
