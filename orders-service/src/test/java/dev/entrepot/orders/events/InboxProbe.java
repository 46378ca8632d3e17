package dev.entrepot.orders.events;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.JsonNode;

import dev.entrepot.platform.events.EventHandlers;
import dev.entrepot.platform.events.Inbox;
import dev.entrepot.platform.events.ReceivedEvent;
import dev.entrepot.platform.persistence.Sql;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumers of the test topics {@code test.inbox-probe} (one record at a time, SmallRye's dead-letter queue) and
 * {@code test.inbox-batch-probe} (a poll at a time, the inbox's own dead letters), present only under
 * {@link InboxTest}'s profile. Their effect fails as many times as the event's {@code data.fail_times} asks, and
 * counts what it applied, in the order it applied it; it locks the rows of {@code inbox_probe_rows} that
 * {@code data.lock_rows} names, one by one, lingering after each; and it fails as if the database were gone as
 * many times as {@code data.unavailable_times} asks.
 */
@ApplicationScoped
@IfBuildProperty(name = "entrepot.test.inbox-probe", stringValue = "true")
public class InboxProbe {

    static final String TOPIC = "test.inbox-probe";
    static final String BATCH_TOPIC = "test.inbox-batch-probe";
    static final String TYPE = "entrepot.test.probe.happened.v1";

    private final Map<UUID, AtomicInteger> tries = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicInteger> applied = new ConcurrentHashMap<>();
    private final List<UUID> order = new CopyOnWriteArrayList<>();
    private final Inbox inbox;
    private final Sql sql;
    private final EventHandlers handlers;

    InboxProbe(Inbox inbox, Sql sql) {
        this.inbox = inbox;
        this.sql = sql;
        this.handlers = EventHandlers.of("inbox-batch-probe").on(TYPE, JsonNode.class, (event, data) -> apply(event));
    }

    @Incoming("inbox-probe")
    @Blocking
    public void receive(String payload) {
        inbox.receive("inbox-probe", payload, this::apply);
    }

    @Incoming("inbox-batch-probe")
    @Blocking
    public void receive(ConsumerRecords<String, String> poll) {
        inbox.receive(poll, handlers);
    }

    private void apply(ReceivedEvent event) {
        int attempt = tries.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
        if (attempt <= event.data().path("fail_times").asInt(0)) {
            throw new IllegalStateException("probe failure " + attempt);
        }
        if (attempt <= event.data().path("unavailable_times").asInt(0)) {
            throw new IllegalStateException("probe: no database", new SQLException("probe: connection lost", "08006"));
        }
        for (JsonNode row : event.data().path("lock_rows")) { // locks a row of inbox_probe_rows, then lingers a little
            sql.one("SELECT id FROM inbox_probe_rows WHERE id = ? FOR UPDATE", rows -> rows.getInt(1), row.asInt());
            pause(Duration.ofMillis(300));
        }
        applied.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
        order.add(event.id());
    }

    EventHandlers handlers() {
        return handlers;
    }

    /** The events applied, in the order their effects ran (a rolled-back batch's included). */
    List<UUID> order() {
        return order;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How many times the effect ran for the event, failing or not. */
    int tries(UUID event) {
        return count(tries, event);
    }

    /** How many times the effect ran to its end for the event. */
    int applied(UUID event) {
        return count(applied, event);
    }

    private static int count(Map<UUID, AtomicInteger> counts, UUID event) {
        AtomicInteger count = counts.get(event);
        return count == null ? 0 : count.get();
    }
}
