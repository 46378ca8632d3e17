package dev.entrepot.gateway;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A request body as the gateway forwards it: the bytes already read to classify it, then the rest of
 * the request as it arrives, counted, so a body without a length is cut off at the limit instead of
 * being streamed on.
 */
final class ForwardedBody implements ReadStream<Buffer> {

    private final ReadStream<Buffer> rest;
    private final long limit;
    private Buffer head;
    private boolean restEnded;
    private long seen;
    private boolean exceeded;
    private boolean callerFailed;
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;

    /** {@code restEnded}: the request already ended, the head is the whole body. */
    ForwardedBody(Buffer head, ReadStream<Buffer> rest, boolean restEnded, long limit) {
        this.head = head.length() == 0 ? null : head;
        this.rest = rest;
        this.restEnded = restEnded;
        this.limit = limit;
        this.seen = head.length();
    }

    boolean exceeded() {
        return exceeded;
    }

    long limit() {
        return limit;
    }

    /** The caller's side of the body failed (it broke off, or its chunks were malformed), not the service. */
    boolean callerFailed() {
        return callerFailed;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        this.handler = handler;
        if (!restEnded) {
            rest.handler(handler == null ? null : this::arrived);
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        this.endHandler = endHandler;
        if (!restEnded) {
            rest.endHandler(endHandler);
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        if (!restEnded) {
            rest.exceptionHandler(handler == null ? null : failure -> {
                callerFailed = true;
                handler.handle(failure);
            });
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        if (!restEnded) {
            rest.pause();
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        return fetch(Long.MAX_VALUE);
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        if (head != null) {
            Buffer first = head;
            head = null;
            if (handler != null) {
                handler.handle(first);
            }
        }
        if (restEnded) {
            if (endHandler != null) {
                Handler<Void> end = endHandler;
                endHandler = null;
                end.handle(null);
            }
        } else if (amount == Long.MAX_VALUE) {
            rest.resume();
        } else {
            rest.fetch(amount);
        }
        return this;
    }

    private void arrived(Buffer chunk) {
        seen += chunk.length();
        if (seen > limit) {
            exceeded = true;
            rest.pause();
            rest.handler(null);
            if (exceptionHandler != null) {
                exceptionHandler.handle(Refusal.tooLarge(limit));
            }
            return;
        }
        handler.handle(chunk);
    }
}
