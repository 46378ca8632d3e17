package dev.entrepot.platform.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.entrepot.platform.contracts.EventJson;

/**
 * A consumer's handlers, one per event type it acts on, each taking the event's {@code data} as the
 * record of platform-contracts:
 *
 * <pre>
 * handlers = EventHandlers.of("catalog-inventory")
 *         .on(OrderPlaced.TYPE, OrderPlaced.class, this::reserve)
 *         .on(OrderCancelled.TYPE, OrderCancelled.class, this::release);
 * ...
 * inbox.receive(poll, handlers); // a batch consumer's ConsumerRecords
 * </pre>
 *
 * An event of a type without a handler (a topic carries more types than a consumer acts on) is
 * skipped before any write. An event whose {@code data} does not fit its handler's
 * record is a {@link ReceivedEvent.MalformedEvent}: no attempt could apply it, so it goes to the
 * dead-letter topic at once.
 */
public final class EventHandlers {

    /** What a consumer does with one event type; runs in the inbox's transaction. */
    @FunctionalInterface
    public interface Handler<T> {
        void handle(ReceivedEvent event, T data);
    }

    private record Route<T>(Class<T> payload, Handler<? super T> handler) {
        Runnable effect(ReceivedEvent event) {
            T data;
            try {
                data = EventJson.fromTree(event.data(), payload);
            } catch (IllegalArgumentException e) {
                throw ReceivedEvent.MalformedEvent.dataOf(event.type(), e.getMessage());
            }
            return () -> handler.handle(event, data);
        }
    }

    private static final Runnable IGNORED = () -> {
    };

    private final String consumer;
    private final Map<String, Route<?>> routes = new LinkedHashMap<>();

    private EventHandlers(String consumer) {
        if (consumer == null || consumer.isBlank()) {
            throw new IllegalArgumentException("a consumer needs a name (its inbox rows carry it)");
        }
        this.consumer = consumer;
    }

    /** No handlers yet for {@code consumer}, the name its inbox rows carry. */
    public static EventHandlers of(String consumer) {
        return new EventHandlers(consumer);
    }

    /** Handles events of {@code type} with {@code handler}, their data read as {@code payload}; one handler a type. */
    public <T> EventHandlers on(String type, Class<T> payload, Handler<? super T> handler) {
        if (type == null || type.isBlank() || payload == null || handler == null) {
            throw new IllegalArgumentException("a handler needs an event type, a payload class and the handler itself");
        }
        if (routes.putIfAbsent(type, new Route<>(payload, handler)) != null) {
            throw new IllegalArgumentException(consumer + " already handles " + type);
        }
        return this;
    }

    public String consumer() {
        return consumer;
    }

    /** The event types handled, in the order they were registered. */
    public Set<String> types() {
        return Collections.unmodifiableSet(routes.keySet());
    }

    public boolean handles(String type) {
        return routes.containsKey(type);
    }

    /**
     * The effect of {@code event}: its handler with the data already read (so a payload that does not
     * fit fails here, before any transaction), or nothing for a type without a handler.
     */
    Runnable effectOf(ReceivedEvent event) {
        Route<?> route = routes.get(event.type());
        return route == null ? IGNORED : route.effect(event);
    }
}
