package dev.entrepot.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/**
 * One value per Vert.x event loop, made on first use from that loop. A connection made from an event
 * loop does its IO on it; if every request of a loop uses that loop's own clients, no answer has to
 * cross to another thread, which on a busy machine costs more than the work itself.
 */
final class PerEventLoop<T> {

    private final Map<EventLoop, T> values = new ConcurrentHashMap<>();
    private final Supplier<T> factory;

    PerEventLoop(Supplier<T> factory) {
        this.factory = factory;
    }

    /** This loop's value, or null when not called on an event loop's own thread. */
    T get() {
        Context context = Vertx.currentContext();
        if (!(context instanceof ContextInternal internal) || !context.isEventLoopContext()) {
            return null;
        }
        // A task dispatched onto an event-loop context from another thread sees that context too: only the
        // loop's own thread gets the loop's value, so get-then-put cannot race.
        EventLoop loop = internal.nettyEventLoop();
        if (!loop.inEventLoop()) {
            return null;
        }
        T value = values.get(loop);
        if (value == null) {
            value = factory.get();
            values.put(loop, value);
        }
        return value;
    }

    /** Drops a value (a broken connection) so the loop makes a new one next time. */
    void forget(T value) {
        values.values().remove(value);
    }

    Iterable<T> all() {
        return values.values();
    }
}
