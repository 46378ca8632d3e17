package dev.entrepot.integrations.connect;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.entrepot.platform.api.ApiException;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TrustOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The one way integrations-service calls a third party (the proxy and the OAuth token endpoint): the URL
 * checked by {@link UrlGuard#pin}, then the connection opened to the very address that was checked, with
 * the URL's host kept for the {@code Host} header, TLS SNI and the certificate's verification (Vert.x's
 * HTTP client: {@link RequestOptions#setServer} names the address, {@link RequestOptions#setHost} the
 * host). So nothing resolves the name a second time, and a name that changes its answer between the check
 * and the connection (DNS rebinding) cannot lead the call elsewhere. HTTP/1.1, no redirects followed.
 * <p>
 * Called from worker threads: it blocks until the answer's head arrives, then hands the body over as an
 * {@link InputStream} read as the caller goes (the third party is paused while the caller is behind).
 */
@ApplicationScoped
public class ThirdPartyHttp {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final String HEADER_NAME = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    /** Headers (lower-case) the client sets itself, or that would change how the request is framed or routed. */
    public static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding", "connection", "keep-alive",
            "upgrade", "te", "trailer", "expect", "proxy-authorization", "proxy-connection");

    private final UrlGuard guard;
    private final HttpClient client;

    @Inject
    ThirdPartyHttp(Vertx vertx, UrlGuard guard) {
        this(vertx, guard, null);
    }

    /** @param trust the certificates to trust instead of the JDK's (tests' own); null for the JDK's */
    ThirdPartyHttp(Vertx vertx, UrlGuard guard, TrustOptions trust) {
        this.guard = guard;
        HttpClientOptions options = new HttpClientOptions().setConnectTimeout((int) CONNECT_TIMEOUT.toMillis()).setKeepAlive(true)
                // Shorter than the idle timeout of common servers (5 s and up): a pooled connection is never
                // reused at the moment the other side closes it (seen as a flaky "Unreachable").
                .setKeepAliveTimeout(4).setVerifyHost(true).setTrustAll(false).setDecompressionSupported(false);
        if (trust != null) {
            options.setTrustOptions(trust);
        }
        this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(20));
    }

    /** An answer: its status and headers, and its body to read (and close). */
    public record Answer(int status, MultiMap headers, InputStream body) implements AutoCloseable {

        public String header(String name) {
            return headers.get(name);
        }

        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException e) {
                // nothing more to read
            }
        }
    }

    /** The third party could not be reached: its name does not resolve, or no connection or answer came. */
    public static final class Unreachable extends IOException {
        Unreachable(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /**
     * Sends a request to {@code target} and waits for the answer's head.
     *
     * @param what    who the target is, for a refusal's message ("Connector github")
     * @param timeout how long the third party may stay silent, before the head and between pieces of the body
     * @throws ApiException 403 when the URL or an address of its host may not be called ({@link UrlGuard})
     * @throws Unreachable  when the host does not resolve, or no connection or answer came in time
     */
    public Answer send(String what, String method, URI target, Map<String, List<String>> headers, byte[] body, Duration timeout)
            throws Unreachable {
        UrlGuard.Pinned pinned;
        try {
            pinned = guard.pin(target);
        } catch (UrlGuard.Refused refused) {
            throw new ApiException(403, refused.code(), what + "'s URL " + refused.getMessage());
        } catch (UnknownHostException e) {
            throw new Unreachable("the host does not resolve", e);
        }
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.valueOf(method)).setSsl(pinned.https())
                .setHost(pinned.host()).setPort(pinned.port())
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(pinned.address(), pinned.port())))
                .setURI(pathAndQuery(target)).setFollowRedirects(false).setConnectTimeout(CONNECT_TIMEOUT.toMillis())
                .setIdleTimeout(timeout.toMillis());
        request.putHeader("Host", pinned.authority());
        headers.forEach((name, values) -> values.forEach(value -> {
            if (!name.matches(HEADER_NAME) || RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))
                    || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw new ApiException(502, "invalid_header", what + ": header " + name + " cannot be sent as it is");
            }
            request.addHeader(name, value);
        }));
        try {
            // The Body is made in a callback attached in the loop's own task that sends the request, so it
            // runs as the head arrives. Attached from this thread instead, it could run a task later, after
            // the body had come and gone with no handler (an IllegalStateException, seen on a busy machine).
            return client.request(request)
                    .compose(sent -> (body == null || body.length == 0 ? sent.send() : sent.send(Buffer.buffer(body)))
                            .map(response -> new Answer(response.statusCode(), response.headers(), new Body(response, timeout))))
                    .toCompletionStage().toCompletableFuture().get(CONNECT_TIMEOUT.plus(timeout).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new Unreachable(e.getCause() == null ? "failed" : e.getCause().getClass().getSimpleName(), e.getCause());
        } catch (TimeoutException e) {
            throw new Unreachable("no answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted", "Interrupted");
        }
    }

    private static String pathAndQuery(URI target) {
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        return target.getRawQuery() == null ? path : path + "?" + target.getRawQuery();
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /**
     * An answer's body as a blocking stream: made on the event loop as the head arrives (so no piece is
     * missed), it asks the third party for one piece at a time, as the reader takes them. Closing it before
     * the end resets the request, so the connection is not reused half read.
     */
    private static final class Body extends InputStream {

        private static final Object END = new Object();

        private final HttpClientResponse response;
        private final Duration timeout;
        private final BlockingQueue<Object> pieces = new LinkedBlockingQueue<>();
        private byte[] current = new byte[0];
        private int position;
        private boolean ended;

        Body(HttpClientResponse response, Duration timeout) {
            this.response = response;
            this.timeout = timeout;
            response.pause();
            response.handler(buffer -> pieces.add(buffer.getBytes()));
            response.exceptionHandler(pieces::add);
            response.endHandler(done -> pieces.add(END));
            response.fetch(1);
        }

        @Override
        public int read() throws IOException {
            return hasByte() ? current[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (!hasByte()) {
                return -1;
            }
            int count = Math.min(length, current.length - position);
            System.arraycopy(current, position, into, offset, count);
            position += count;
            return count;
        }

        /** Whether a byte is there to read, waiting for the next piece if need be. */
        private boolean hasByte() throws IOException {
            while (position == current.length) {
                if (ended) {
                    return false;
                }
                Object next;
                try {
                    next = pieces.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("Interrupted while reading the answer", e);
                }
                if (next == null || next instanceof Throwable) {
                    ended = true;
                    response.request().reset();
                    throw new IOException(next == null ? "The third party stopped sending" : "The answer broke off", (Throwable) next);
                }
                if (next == END) {
                    ended = true;
                    return false;
                }
                current = (byte[]) next;
                position = 0;
                response.fetch(1);
            }
            return true;
        }

        @Override
        public void close() {
            if (!ended) {
                ended = true;
                response.request().reset();
            }
        }
    }
}
