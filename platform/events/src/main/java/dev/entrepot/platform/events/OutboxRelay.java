package dev.entrepot.platform.events;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

import dev.entrepot.platform.events.config.EventsConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Publishes the outbox to Kafka in position order, as soon as {@link Outbox} reports a commit and every
 * {@code entrepot.outbox.relay-interval} in any case (rows of another replica, rows left by a failure).
 * One relay at a time per database (a transaction-level advisory lock), so replicas never interleave; rows are
 * marked published only after Kafka acknowledged every one of them (acks=all, idempotent producer). A failure
 * leaves the rows for the next attempt: an event may be published twice, never lost, and consumers deduplicate
 * by event id (their inbox).
 *
 * <p>A pass looks only where an unpublished row can be (docs/events.md, Publishing): above the highest position
 * published so far, or written by a transaction at or past the horizon of the last pass (one that had not ended
 * then and may have taken a lower position). Both are short index ranges, so a pass costs the same after a
 * million events as after ten, with or without a vacuum in between.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long RELAY_LOCK = 0x656e7472_65706f74L; // "entrepot"
    private static final int BATCH = 500;

    // The relay's three statements, public for the outbox benchmark (bench/, OutboxBenchmark), which runs them
    // against a million events.
    /**
     * The lock, and where the last pass left off. Marks need not wait for the disk, and no statement of the pass
     * is worth compiling (PostgreSQL's JIT takes longer than the pass where its cost estimate is high, as on a
     * large table it has no statistics of). The pass's statements walk the indexes, whatever the planner thinks
     * of the table: a plan a connection caches while the outbox is young (a few rows, a sequential scan the
     * cheapest) is otherwise kept as the table grows, until something analyses it, and every pass then reads the
     * whole table (bench/README.md, Outbox relay).
     */
    public static final String START = "SELECT pg_try_advisory_xact_lock(?), r.position, r.horizon::text, "
            + "set_config('synchronous_commit', 'off', true), set_config('jit', 'off', true), "
            + "set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true) FROM event_outbox_relay r";
    /**
     * Every unpublished row this statement's snapshot sees, the lowest positions first, as two short index walks:
     * above the position, and at or below it the rows of transactions from the horizon on (up to the snapshot's
     * newest, so the range is bounded on both sides and the planner takes the index even without statistics).
     * Each row also carries the snapshot's oldest open transaction: the next horizon.
     */
    public static final String WAITING = "SELECT position, topic, record_key, payload::text, "
            + "pg_snapshot_xmin(pg_current_snapshot())::text FROM ("
            + "(SELECT * FROM event_outbox WHERE position > ? AND published IS NULL ORDER BY position LIMIT " + BATCH + ") "
            + "UNION ALL (SELECT * FROM event_outbox WHERE xact >= ?::xid8 AND xact < pg_snapshot_xmax(pg_current_snapshot()) "
            + "AND position <= ? AND published IS NULL)) waiting ORDER BY position LIMIT " + BATCH;
    /** Marks the rows published and moves the position and the horizon. */
    public static final String MARK = "WITH marked AS (UPDATE event_outbox SET published = now() WHERE position = ANY (?)) "
            + "UPDATE event_outbox_relay SET position = greatest(position, ?), horizon = ?::xid8";

    private final DataSource dataSource;
    private final String bootstrapServers;
    private final String application;
    private final Duration interval;
    private final Duration linger;
    private final Duration retention;
    private final boolean enabled;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private ScheduledExecutorService scheduler;
    private KafkaProducer<String, String> producer;

    OutboxRelay(DataSource dataSource, EventsConfig config) {
        this.dataSource = dataSource;
        this.bootstrapServers = config.kafkaBootstrapServers();
        this.application = config.application();
        this.interval = config.outbox().relayInterval();
        this.linger = config.outbox().relayLinger();
        this.retention = config.outbox().retention();
        this.enabled = config.outbox().relayEnabled();
    }

    void start(@Observes StartupEvent started) {
        if (!enabled) {
            return;
        }
        // A pass sends its rows and flushes at once (the relay lingers itself); a broker that is down fails the pass.
        producer = ReliableProducer.create(bootstrapServers, application + "-outbox-relay", Duration.ofSeconds(30));
        scheduler = Executors.newScheduledThreadPool(2, runnable -> { // the relay loop, and the hourly clean-up
            Thread thread = new Thread(runnable, "outbox-relay");
            thread.setDaemon(true);
            return thread;
        });
        running = true;
        scheduler.execute(this::relayUntilStopped);
        scheduler.scheduleWithFixedDelay(this::forgetPublished, 1, 60, TimeUnit.MINUTES);
    }

    /** Asks for a relay pass now rather than at the next interval; cheap, callable from any thread. */
    void wake() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    private void relayUntilStopped() {
        while (running) {
            boolean busy = relayQuietly();
            try {
                if (busy && !linger.isZero()) {
                    // Under load, commits arrive every few milliseconds: wait a little so the next pass takes
                    // them together (one query, one produce request, one mark) rather than one each.
                    Thread.sleep(linger.toMillis());
                }
                wakeUps.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (scheduler != null) {
            running = false;
            wake();
            scheduler.shutdown();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Publishes what is waiting; whether anything was. */
    private boolean relayQuietly() {
        try {
            int published;
            int total = 0;
            do {
                published = relayBatch();
                total += published;
            } while (published == BATCH); // a full batch: more may be waiting
            return total > 0;
        } catch (Exception e) {
            LOG.warnf("Outbox relay could not publish (will retry): %s", e.toString());
            return false;
        }
    }

    /** Publishes up to one batch of unpublished events; returns how many. */
    int relayBatch() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                int published = publishLocked(connection);
                connection.commit();
                return published;
            } catch (Exception e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private int publishLocked(Connection connection) throws Exception {
        long position;
        String horizon;
        try (PreparedStatement start = connection.prepareStatement(START)) {
            start.setLong(1, RELAY_LOCK);
            try (ResultSet result = start.executeQuery()) {
                if (!result.next()) {
                    throw new IllegalStateException("event_outbox_relay has no row: the platform-events migrations did not run");
                }
                if (!result.getBoolean(1)) {
                    return 0; // another replica is relaying
                }
                position = result.getLong(2);
                horizon = result.getString(3);
            }
        }
        List<Long> positions = new ArrayList<>();
        int late = 0;
        String newHorizon = horizon;
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(WAITING)) {
            select.setLong(1, position);
            select.setString(2, horizon);
            select.setLong(3, position);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long at = rows.getLong(1);
                    positions.add(at);
                    if (at <= position) {
                        late++; // committed after a higher position was published
                    }
                    newHorizon = rows.getString(5);
                    String payload = rows.getString(4);
                    ProducerRecord<String, String> record = new ProducerRecord<>(rows.getString(2), rows.getString(3),
                            "null".equals(payload) ? null : payload); // Outbox.tombstone
                    record.headers().add("content-type",
                            "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8));
                    sends.add(producer.send(record));
                }
            }
        }
        if (positions.isEmpty()) {
            return 0;
        }
        producer.flush();
        for (Future<RecordMetadata> send : sends) {
            send.get(30, TimeUnit.SECONDS);
        }
        // Every row of a transaction older than the new horizon had ended before the read, so the read saw it: at or
        // below the batch's last position it was published before or is in this batch (ordered by position). The
        // late rows come first; only if they did not fill the batch did it hold all of them, and may the horizon move.
        try (PreparedStatement mark = connection.prepareStatement(MARK)) {
            Array array = connection.createArrayOf("bigint", positions.toArray());
            mark.setArray(1, array);
            mark.setLong(2, positions.get(positions.size() - 1));
            mark.setString(3, late < BATCH ? newHorizon : horizon);
            mark.executeUpdate();
        }
        return positions.size();
    }

    private void forgetPublished() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM event_outbox WHERE published < now() - ?::interval")) {
            delete.setString(1, retention.getSeconds() + " seconds");
            delete.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("Could not remove published outbox rows: %s", e.toString());
        }
    }
}
