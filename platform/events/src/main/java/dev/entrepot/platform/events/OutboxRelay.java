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
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import dev.entrepot.platform.events.config.EventsConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Publishes the outbox to Kafka in position order, as soon as {@link Outbox} reports a commit and every
 * {@code entrepot.outbox.relay-interval} in any case (rows of another replica, rows left by a failure).
 * One relay at a time per database (a transaction-level advisory lock), so replicas never interleave; rows are marked published only after Kafka acknowledged
 * every one of them (acks=all, idempotent producer). A failure leaves the rows for the next attempt:
 * an event may be published twice, never lost, and consumers deduplicate by event id (their inbox).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long RELAY_LOCK = 0x656e7472_65706f74L; // "entrepot"
    private static final int BATCH = 500;
    /** Published rows between two vacuums of the outbox, and the least time between them. */
    private static final int VACUUM_EVERY_ROWS = 5_000;
    private static final long VACUUM_AT_MOST_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

    private final DataSource dataSource;
    private final String bootstrapServers;
    private final String application;
    private final Duration interval;
    private final Duration retention;
    private final boolean enabled;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private int publishedSinceVacuum;
    private long lastVacuum = System.nanoTime();
    private ScheduledExecutorService scheduler;
    private KafkaProducer<String, String> producer;

    OutboxRelay(DataSource dataSource, EventsConfig config) {
        this.dataSource = dataSource;
        this.bootstrapServers = config.kafkaBootstrapServers();
        this.application = config.application();
        this.interval = config.outbox().relayInterval();
        this.retention = config.outbox().retention();
        this.enabled = config.outbox().relayEnabled();
    }

    void start(@Observes StartupEvent started) {
        if (!enabled) {
            return;
        }
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, application + "-outbox-relay");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000); // a broker that is down fails the batch, not the thread
        producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
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
            relayQuietly();
            try {
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

    private void relayQuietly() {
        try {
            int published;
            do {
                published = relayBatch();
                publishedSinceVacuum += published;
            } while (published == BATCH); // a full batch: more may be waiting
            vacuumWhenDue();
        } catch (Exception e) {
            LOG.warnf("Outbox relay could not publish (will retry): %s", e.toString());
        }
    }

    /**
     * Marking a row published leaves a dead row version behind, and the relay's query walks past every
     * one of them until a vacuum removes them: under hundreds of events a second that made each pass
     * take tens of milliseconds long before autovacuum came by. So the relay vacuums the table itself,
     * after every few thousand rows it published.
     */
    private void vacuumWhenDue() {
        if (publishedSinceVacuum < VACUUM_EVERY_ROWS || System.nanoTime() - lastVacuum < VACUUM_AT_MOST_EVERY_NANOS) {
            return;
        }
        publishedSinceVacuum = 0;
        lastVacuum = System.nanoTime();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement vacuum = connection.prepareStatement("VACUUM event_outbox")) {
            connection.setAutoCommit(true);
            vacuum.execute();
        } catch (SQLException e) {
            LOG.warnf("Could not vacuum the outbox: %s", e.toString());
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
        // Marking rows published need not wait for the disk: a mark lost in a crash only means those
        // events are published again, which consumers absorb; every event itself was committed durably.
        try (PreparedStatement relaxed = connection.prepareStatement("SET LOCAL synchronous_commit = off")) {
            relaxed.execute();
        }
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, RELAY_LOCK);
            try (ResultSet result = lock.executeQuery()) {
                result.next();
                if (!result.getBoolean(1)) {
                    return 0; // another replica is relaying
                }
            }
        }
        List<Long> positions = new ArrayList<>();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT position, topic, record_key, payload::text "
                + "FROM event_outbox WHERE published IS NULL ORDER BY position LIMIT " + BATCH)) {
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    positions.add(rows.getLong(1));
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
        try (PreparedStatement mark = connection.prepareStatement(
                "UPDATE event_outbox SET published = now() WHERE position = ANY (?)")) {
            Array array = connection.createArrayOf("bigint", positions.toArray());
            mark.setArray(1, array);
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
