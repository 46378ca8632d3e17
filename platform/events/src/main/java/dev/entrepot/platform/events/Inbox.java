package dev.entrepot.platform.events;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

import dev.entrepot.platform.events.config.EventsConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The consumer side of docs/architecture.md#events: each event is applied at most once per consumer, and its
 * effect and the record that it was applied commit together.
 *
 * <p>A consumer of the order saga receives a poll at a time ({@link #receive(ConsumerRecords, EventHandlers)}):
 * one transaction inserts the events' ids into the service's {@code event_inbox} table and runs the effects of
 * those that were not there yet (an id already there means a redelivery: the relay publishes at least once), so a
 * poll costs one commit however many events it holds. An effect that throws is tried again on its own,
 * {@code entrepot.inbox.attempts} times in all, and then sent to {@code <topic>.dlq} with the reason
 * ({@link DeadLetters}); consumption goes on. A message that is not a CloudEvent, or whose data does not fit the
 * record its type's handler takes ({@link EventHandlers}), goes there at once.
 *
 * <p>A consumer of one record at a time ({@link #receive(String, String, Consumer)}) gets the same, one
 * transaction per event; when every attempt failed it throws {@link EventNotApplied}, and its channel's
 * {@code dead-letter-queue} failure strategy sends the message to the dead-letter topic.
 *
 * <p>Rows older than {@code entrepot.inbox.retention} (default 14 days, twice the outbox's: a
 * redelivery can only come from a row the relay still holds) are removed, at most once an hour, by
 * the consuming thread itself, so only services that consume need the table.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);

    private static final long PURGE_EVERY_NANOS = Duration.ofHours(1).toNanos();
    private static final int MAX_PAUSE_SECONDS = 10;
    /** SQLSTATE classes of a database that cannot be reached or is unavailable: 08, 53, 57, 58. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("08", "53", "57", "58");

    private final DataSource dataSource;
    private final DeadLetters deadLetters;
    private final int attempts;
    private final Duration backoff;
    private final Duration retention;
    private final AtomicLong lastPurge = new AtomicLong(System.nanoTime() - PURGE_EVERY_NANOS);

    Inbox(DataSource dataSource, DeadLetters deadLetters, EventsConfig config) {
        int attempts = config.inbox().attempts();
        if (attempts < 1) {
            throw new IllegalArgumentException("entrepot.inbox.attempts must be at least 1");
        }
        this.dataSource = dataSource;
        this.deadLetters = deadLetters;
        this.attempts = attempts;
        this.backoff = config.inbox().backoff();
        this.retention = config.inbox().retention();
    }

    /**
     * Applies {@code effect} to the event in {@code payload} unless {@code consumer} already has. Call it from a
     * blocking consumer method of a channel whose {@code failure-strategy} is {@code dead-letter-queue}: when
     * every attempt failed it throws {@link EventNotApplied}, and SmallRye sends the message there.
     */
    public void receive(String consumer, String payload, Consumer<ReceivedEvent> effect) {
        purgeHourly();
        ReceivedEvent event = ReceivedEvent.parse(payload);
        EventNotApplied notApplied = attempt(consumer, event, () -> effect.accept(event), 1, null);
        if (notApplied != null) {
            throw notApplied;
        }
    }

    /**
     * Applies a poll's events with their handlers in {@code handlers}, each unless their consumer already has,
     * in one transaction: one inbox insert for them all, their effects in the order they came, one commit.
     * Call it from a blocking batch consumer ({@code batch=true}); it returns once every event is applied or on
     * its dead-letter topic ({@link DeadLetters}), so the batch's offsets can be committed.
     *
     * <p>An event of a type without a handler is skipped before any write (no inbox row: there is nothing to
     * apply twice). A message that is no CloudEvent, or whose data does not fit its handler, goes to the
     * dead-letter topic at once. When an effect throws, the batch's transaction rolls back; the events before
     * it are applied again as a batch, the failing one on its own with the attempts it has left, and the rest
     * as a batch, so one bad event neither takes its neighbours along nor changes their order. An event still
     * failing after {@code entrepot.inbox.attempts} in all goes to the dead-letter topic.
     *
     * <p>A failure that is no event's (the database unreachable or shutting down, the inbox statement or the commit
     * failing) sends nothing to the dead-letter topic: the whole poll is tried again, with a growing pause of at most
     * {@value #MAX_PAUSE_SECONDS} s, until it is applied; what committed before is skipped by the inbox.
     */
    public void receive(ConsumerRecords<String, String> records, EventHandlers handlers) {
        purgeHourly();
        List<Received> handled = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            try {
                ReceivedEvent event = ReceivedEvent.parse(record.value());
                if (handlers.handles(event.type())) {
                    handled.add(new Received(record, event, handlers.effectOf(event)));
                }
            } catch (ReceivedEvent.MalformedEvent malformed) {
                deadLetters.send(record, malformed);
            }
        }
        for (int round = 1;; round++) {
            try {
                applyAll(handlers.consumer(), handled);
                return;
            } catch (PollNotApplied e) {
                Duration pause = backoff.multipliedBy(round);
                pause = pause.getSeconds() >= MAX_PAUSE_SECONDS ? Duration.ofSeconds(MAX_PAUSE_SECONDS) : pause;
                LOG.warnf("%s could not apply a poll of %d events, round %d; trying again in %s: %s", handlers.consumer(),
                        handled.size(), round, pause, e.getCause().toString());
                pause(pause);
            }
        }
    }

    /** Nothing in a poll could be applied, for a reason that is no event's: the poll is tried again. */
    private static final class PollNotApplied extends RuntimeException {
        PollNotApplied(Throwable cause) {
            super(cause);
        }
    }

    /** Whether {@code failure} says the database is unreachable or unavailable, rather than anything of an event. */
    static boolean databaseUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && UNAVAILABLE_STATES.contains(sql.getSQLState().substring(0, 2))) {
                return true;
            }
        }
        return false;
    }

    /** An event of a batch, with the effect its handler has for it. */
    private record Received(ConsumerRecord<String, String> record, ReceivedEvent event, Runnable effect) {
    }

    private void applyAll(String consumer, List<Received> batch) {
        if (batch.isEmpty()) {
            return;
        }
        int[] running = {-1}; // the effect running when the transaction failed, or -1 when none was
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                takeTurn(consumer);
                Set<UUID> fresh = recordFirstDeliveries(consumer, batch.stream().map(Received::event).toList());
                for (int i = 0; i < batch.size(); i++) {
                    ReceivedEvent event = batch.get(i).event();
                    if (fresh.remove(event.id())) {
                        running[0] = i;
                        batch.get(i).effect().run();
                    } else {
                        LOG.debugf("%s already applied event %s (%s): skipped", consumer, event.id(), event.type());
                    }
                }
                running[0] = -1;
            });
        } catch (RuntimeException e) {
            int failed = running[0];
            if (failed < 0 || databaseUnavailable(e)) {
                throw new PollNotApplied(e);
            }
            Received failing = batch.get(failed);
            warnNotApplied(consumer, failing.event(), 1, e);
            applyAll(consumer, batch.subList(0, failed));
            applyOrSendToDeadLetters(consumer, failing, 2, e);
            applyAll(consumer, batch.subList(failed + 1, batch.size()));
        }
    }

    private void applyOrSendToDeadLetters(String consumer, Received received, int firstAttempt, RuntimeException failure) {
        EventNotApplied notApplied = attempt(consumer, received.event(), received.effect(), firstAttempt, failure);
        if (notApplied != null && databaseUnavailable(notApplied)) {
            throw new PollNotApplied(notApplied);
        }
        if (notApplied != null) {
            deadLetters.send(received.record(), notApplied);
        }
    }

    /**
     * Tries the event on its own from attempt {@code first} to the last, pausing before each but the first of
     * all; null once it is applied (or found applied before), else why it could not be.
     */
    private EventNotApplied attempt(String consumer, ReceivedEvent event, Runnable effect, int first, RuntimeException failure) {
        for (int attempt = first; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                pause(backoff.multipliedBy(attempt - 1));
            }
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    takeTurn(consumer);
                    if (recordFirstDeliveries(consumer, List.of(event)).isEmpty()) {
                        LOG.debugf("%s already applied event %s (%s): skipped", consumer, event.id(), event.type());
                    } else {
                        effect.run();
                    }
                });
                return null;
            } catch (RuntimeException e) {
                failure = e;
                warnNotApplied(consumer, event, attempt, e);
            }
        }
        return new EventNotApplied(consumer, event, attempts, failure);
    }

    private void warnNotApplied(String consumer, ReceivedEvent event, int attempt, RuntimeException e) {
        LOG.warnf("%s could not apply event %s (%s), attempt %d of %d: %s", consumer, event.id(), event.type(), attempt, attempts,
                e.toString());
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

    /**
     * Waits until no other transaction of {@code consumer} runs, on any replica (a transaction-level advisory lock).
     * A poll's effects take their row locks in the order the events came, not in one order for the whole poll, so two
     * polls applied at once could deadlock (two batches of reservations holding each other's stock rows); one at a
     * time, they cannot, and a batch is cheap enough that one at a time keeps up (bench/README.md, Orders).
     */
    private void takeTurn(String consumer) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, UUID.nameUUIDFromBytes(("entrepot inbox " + consumer).getBytes(StandardCharsets.UTF_8))
                    .getMostSignificantBits());
            lock.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot take " + consumer + "'s turn in the inbox", e);
        }
    }

    /** Inserts the events' ids into the inbox; returns those that were not there (the events to apply now). */
    private Set<UUID> recordFirstDeliveries(String consumer, List<ReceivedEvent> events) {
        Map<UUID, String> types = new LinkedHashMap<>();
        events.forEach(event -> types.putIfAbsent(event.id(), event.type()));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO event_inbox (consumer, event_id, event_type) "
                        + "SELECT ?, id, type FROM unnest(?::uuid[], ?::text[]) AS received (id, type) "
                        + "ON CONFLICT DO NOTHING RETURNING event_id")) {
            insert.setString(1, consumer);
            insert.setArray(2, connection.createArrayOf("uuid", types.keySet().toArray()));
            insert.setArray(3, connection.createArrayOf("text", types.values().toArray()));
            Set<UUID> fresh = new HashSet<>();
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    fresh.add(rows.getObject(1, UUID.class));
                }
            }
            return fresh;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record " + types.size() + " events in the inbox", e);
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
