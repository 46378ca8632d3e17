package dev.entrepot.platform.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import dev.entrepot.platform.events.config.EventsConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The consumer side of docs/architecture.md#events: each event is applied at most once per consumer, and its
 * effect and the record that it was applied commit together.
 *
 * <p>{@link #receive} runs the effect in a new transaction that first inserts (consumer, event id) into
 * the service's {@code event_inbox} table; an id already there means a redelivery (the relay publishes
 * at least once), and the effect is skipped. An effect that throws rolls its inbox row back with it and
 * is tried again, {@code entrepot.inbox.attempts} times in all; then {@link EventNotApplied} is thrown,
 * and the channel's {@code dead-letter-queue} failure strategy sends the message to {@code <topic>.dlq}
 * with the reason, and consumption goes on. A message that is not a CloudEvent, or whose data does not
 * fit the record its type's handler takes ({@link EventHandlers}), goes there at once.
 *
 * <p>Rows older than {@code entrepot.inbox.retention} (default 14 days, twice the outbox's: a
 * redelivery can only come from a row the relay still holds) are removed, at most once an hour, by
 * the consuming thread itself, so only services that consume need the table.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);

    private static final long PURGE_EVERY_NANOS = Duration.ofHours(1).toNanos();

    private final DataSource dataSource;
    private final int attempts;
    private final Duration backoff;
    private final Duration retention;
    private final AtomicLong lastPurge = new AtomicLong(System.nanoTime() - PURGE_EVERY_NANOS);

    Inbox(DataSource dataSource, EventsConfig config) {
        int attempts = config.inbox().attempts();
        if (attempts < 1) {
            throw new IllegalArgumentException("entrepot.inbox.attempts must be at least 1");
        }
        this.dataSource = dataSource;
        this.attempts = attempts;
        this.backoff = config.inbox().backoff();
        this.retention = config.inbox().retention();
    }

    /**
     * Applies {@code effect} to the event in {@code payload} unless {@code consumer} already has;
     * returns whether it was applied now. Call it from a blocking consumer method.
     */
    public boolean receive(String consumer, String payload, Consumer<ReceivedEvent> effect) {
        purgeHourly();
        ReceivedEvent event = ReceivedEvent.parse(payload);
        return apply(consumer, event, effect);
    }

    /**
     * Applies the event in {@code payload} with its handler in {@code handlers} unless their consumer
     * already has; returns whether it was applied now. An event of a type without a handler is skipped
     * before any write (no transaction, no inbox row: there is nothing to apply twice) and counts as
     * applied. Call it from a blocking consumer method.
     */
    public boolean receive(String payload, EventHandlers handlers) {
        purgeHourly();
        ReceivedEvent event = ReceivedEvent.parse(payload);
        if (!handlers.handles(event.type())) {
            return true;
        }
        Runnable effect = handlers.effectOf(event);
        return apply(handlers.consumer(), event, applied -> effect.run());
    }

    private boolean apply(String consumer, ReceivedEvent event, Consumer<ReceivedEvent> effect) {
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> {
                    if (!recordFirstDelivery(consumer, event)) {
                        LOG.debugf("%s already applied event %s (%s): skipped", consumer, event.id(), event.type());
                        return false;
                    }
                    effect.accept(event);
                    return true;
                });
            } catch (RuntimeException e) {
                failure = e;
                LOG.warnf("%s could not apply event %s (%s), attempt %d of %d: %s", consumer, event.id(), event.type(), attempt,
                        attempts, e.toString());
                if (attempt < attempts) {
                    pause(backoff.multipliedBy(attempt));
                }
            }
        }
        throw new EventNotApplied(consumer, event, attempts, failure);
    }

    private void purgeHourly() {
        long last = lastPurge.get();
        if (System.nanoTime() - last >= PURGE_EVERY_NANOS && lastPurge.compareAndSet(last, System.nanoTime())) {
            purge();
        }
    }

    /** Removes the rows older than the retention; {@link #receive} calls it at most once an hour. */
    public void purge() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM event_inbox WHERE received < now() - ?::interval")) {
            delete.setString(1, retention.getSeconds() + " seconds");
            int removed = delete.executeUpdate();
            LOG.debugf("removed %d inbox rows older than %s", removed, retention);
        } catch (SQLException e) {
            LOG.warnf("Could not remove old inbox rows: %s", e.toString());
        }
    }

    private boolean recordFirstDelivery(String consumer, ReceivedEvent event) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO event_inbox (consumer, event_id, event_type) "
                        + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, consumer);
            insert.setObject(2, event.id());
            insert.setString(3, event.type());
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record event " + event.id() + " in the inbox", e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted between attempts", e);
        }
    }

    /** Every attempt failed; the message belongs on the dead-letter topic, with this as the reason. */
    public static final class EventNotApplied extends RuntimeException {
        EventNotApplied(String consumer, ReceivedEvent event, int attempts, Throwable last) {
            super(consumer + " could not apply event " + event.id() + " (" + event.type() + ") in " + attempts + " attempts: " + last,
                    last);
        }
    }
}
