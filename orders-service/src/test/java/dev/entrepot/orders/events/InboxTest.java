package dev.entrepot.orders.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.entrepot.platform.events.Inbox;
import dev.entrepot.platform.persistence.Sql;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * The inbox and the dead-letter topic, through a real Kafka broker and a real PostgreSQL, for a consumer of one
 * record at a time and one of a poll at a time: a redelivered event is applied once, a failing effect is retried
 * with its inbox row rolled back, and a message that keeps failing (or is no CloudEvent) lands on
 * {@code <topic>.dlq} with the reason while the next one is still consumed; in a batch, the events around one
 * that fails are applied in order; rows past the retention are removed.
 */
@QuarkusTest
@RealInfrastructure(database = "orders")
@TestProfile(InboxTest.Probe.class)
class InboxTest {

    public static class Probe implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(Map.of("entrepot.test.inbox-probe", "true", "entrepot.inbox.backoff", "PT0.05S"));
            config.putAll(channel("inbox-probe", InboxProbe.TOPIC));
            config.put("mp.messaging.incoming.inbox-probe.failure-strategy", "dead-letter-queue");
            config.put("mp.messaging.incoming.inbox-probe.dead-letter-queue.topic", InboxProbe.TOPIC + ".dlq");
            config.putAll(channel("inbox-batch-probe", InboxProbe.BATCH_TOPIC));
            config.put("mp.messaging.incoming.inbox-batch-probe.batch", "true");
            config.put("mp.messaging.incoming.inbox-batch-probe.failure-strategy", "fail");
            return config;
        }

        private static Map<String, String> channel(String name, String topic) {
            String channel = "mp.messaging.incoming." + name + ".";
            return Map.of(channel + "connector", "smallrye-kafka", channel + "topic", topic,
                    channel + "group.id", name + "-" + UUID.randomUUID(), channel + "auto.offset.reset", "earliest",
                    channel + "cloud-events", "false", channel + "value.deserializer", StringDeserializer.class.getName());
        }
    }

    /** The two ways to consume through the inbox: a record at a time (SmallRye's dead letters) and a poll at a time. */
    enum Consumer {
        ONE_BY_ONE(InboxProbe.TOPIC, "inbox-probe"), BATCH(InboxProbe.BATCH_TOPIC, "inbox-batch-probe");

        final String topic;
        final String name;

        Consumer(String topic, String name) {
            this.topic = topic;
            this.name = name;
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    InboxProbe probe;

    @Inject
    DataSource dataSource;

    @Inject
    Inbox inbox;

    @Inject
    Sql sql;

    private KafkaProducer<String, String> producer;
    private KafkaConsumer<String, String> deadLetters;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    @BeforeEach
    void connect() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
        deadLetters = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "inbox-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        deadLetters.subscribe(List.of(InboxProbe.TOPIC + ".dlq", InboxProbe.BATCH_TOPIC + ".dlq"));
    }

    @AfterEach
    void close() {
        producer.close();
        deadLetters.close();
    }

    @ParameterizedTest
    @EnumSource(Consumer.class)
    void aRedeliveredEventIsAppliedOnce(Consumer consumer) throws Exception {
        UUID id = UUID.randomUUID();
        String event = event(id, 0);
        send(consumer, event);
        send(consumer, event);
        UUID after = UUID.randomUUID();
        send(consumer, event(after, 0)); // same partition (same key), so once it is applied both copies were seen

        waitUntil(() -> applied(after) == 1);
        assertThat(applied(id)).isEqualTo(1);
        assertThat(inboxRows(consumer, id)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Consumer.class)
    void aFailingEffectIsTriedAgainAndItsInboxRowRolledBack(Consumer consumer) throws Exception {
        UUID id = UUID.randomUUID();
        send(consumer, event(id, 2));

        waitUntil(() -> applied(id) == 1);
        assertThat(probe.tries(id)).isEqualTo(3);
        assertThat(inboxRows(consumer, id)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Consumer.class)
    void anEventThatKeepsFailingGoesToTheDeadLetterTopicAndTheNextIsConsumed(Consumer consumer) throws Exception {
        UUID failing = UUID.randomUUID();
        UUID next = UUID.randomUUID();
        send(consumer, event(failing, 99));
        send(consumer, event(next, 0));

        waitUntil(() -> applied(next) == 1);
        ConsumerRecord<String, String> dead = deadLetter(failing.toString());
        assertThat(dead.topic()).isEqualTo(consumer.topic + ".dlq");
        assertThat(header(dead, "dead-letter-reason")).contains("could not apply event " + failing).contains("in 3 attempts")
                .contains("probe failure 3");
        assertThat(header(dead, "dead-letter-topic")).isEqualTo(consumer.topic);
        assertThat(probe.tries(failing)).isEqualTo(3);
        assertThat(applied(failing)).isZero();
        assertThat(inboxRows(consumer, failing)).isZero();
    }

    @ParameterizedTest
    @EnumSource(Consumer.class)
    void aMessageThatIsNoCloudEventGoesToTheDeadLetterTopicAtOnce(Consumer consumer) throws Exception {
        String marker = "not json " + UUID.randomUUID();
        send(consumer, marker);
        ConsumerRecord<String, String> dead = deadLetter(marker);
        assertThat(dead.topic()).isEqualTo(consumer.topic + ".dlq");
        assertThat(header(dead, "dead-letter-reason")).startsWith("Not a CloudEvent: not JSON");
    }

    /**
     * One poll, applied by the inbox directly (the consumer's own polls are as large as the broker makes them):
     * an effect that keeps failing in the middle of the batch neither stops its neighbours nor reorders them.
     */
    @Test
    void aBatchAppliesEveryEventInOrderAroundOneThatFails() throws Exception {
        UUID first = UUID.randomUUID();
        UUID flaky = UUID.randomUUID();
        UUID failing = UUID.randomUUID();
        UUID last = UUID.randomUUID();
        String ignored = event(UUID.randomUUID(), 0).replace(InboxProbe.TYPE, "entrepot.test.probe.ignored.v1");
        String notJson = "not json " + UUID.randomUUID();
        List<String> values = List.of(event(first, 0), event(flaky, 1), event(failing, 99), ignored, event(first, 0), notJson,
                event(last, 0));
        inbox.receive(poll(0, values.toArray(String[]::new)), probe.handlers());

        // An effect may run in a batch that rolls back and again in the one that commits; its last run is the one
        // that counted, and those keep the order the events came in.
        List<UUID> ran = probe.order();
        assertThat(List.of(first, flaky, last)).allSatisfy(id -> assertThat(inboxRows(Consumer.BATCH, id)).isEqualTo(1));
        assertThat(ran.lastIndexOf(first)).isLessThan(ran.lastIndexOf(flaky));
        assertThat(ran.lastIndexOf(flaky)).isLessThan(ran.lastIndexOf(last));
        assertThat(probe.tries(first)).as("in the batch rolled back, then in the one before flaky; never as the duplicate")
                .isEqualTo(2);
        assertThat(probe.tries(flaky)).isEqualTo(2);
        assertThat(probe.tries(failing)).isEqualTo(3);
        assertThat(applied(failing)).isZero();
        assertThat(inboxRows(Consumer.BATCH, failing)).isZero();
        assertThat(inboxRowsOfType("entrepot.test.probe.ignored.v1")).isZero();
        ConsumerRecord<String, String> dead = deadLetter(failing.toString());
        assertThat(header(dead, "dead-letter-offset")).isEqualTo("2000002");
        assertThat(header(dead, "dead-letter-reason")).contains("in 3 attempts");
        assertThat(header(deadLetter(notJson), "dead-letter-offset")).isEqualTo("2000005");
    }

    /**
     * Two polls whose effects lock the same rows in opposite orders deadlock when applied at once, and PostgreSQL
     * breaks that only after a second by failing one of them; a consumer's polls are applied one at a time instead,
     * so each effect runs once.
     */
    @Test
    void twoPollsOfAConsumerAreNotAppliedAtOnce() throws Exception {
        sql.update("CREATE TABLE IF NOT EXISTS inbox_probe_rows (id int PRIMARY KEY)");
        sql.update("INSERT INTO inbox_probe_rows VALUES (1), (2) ON CONFLICT DO NOTHING");
        List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        ConsumerRecords<String, String> oneThenTwo = poll(0, locking(ids.get(0), 1), locking(ids.get(1), 2));
        ConsumerRecords<String, String> twoThenOne = poll(1, locking(ids.get(2), 2), locking(ids.get(3), 1));

        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = threads.submit(() -> inbox.receive(oneThenTwo, probe.handlers()));
            Future<?> second = threads.submit(() -> inbox.receive(twoThenOne, probe.handlers()));
            first.get(30, TimeUnit.SECONDS);
            second.get(30, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }

        assertThat(ids).allSatisfy(id -> {
            assertThat(probe.tries(id)).as("tries of " + id).isEqualTo(1);
            assertThat(inboxRows(Consumer.BATCH, id)).isEqualTo(1);
        });
    }

    /** The database gone is no event's fault: the poll is tried again, past the attempts, and nothing is a dead letter. */
    @Test
    void aPollIsTriedAgainWhileTheDatabaseIsUnavailable() {
        UUID before = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        String unavailable = event(id, 0).replace("\"data\":{\"fail_times\":0}", "\"data\":{\"fail_times\":0,\"unavailable_times\":5}");

        inbox.receive(poll(2, event(before, 0), unavailable), probe.handlers());

        assertThat(probe.tries(id)).isEqualTo(6);
        assertThat(applied(id)).isEqualTo(1);
        assertThat(inboxRows(Consumer.BATCH, id)).isEqualTo(1);
        assertThat(inboxRows(Consumer.BATCH, before)).isEqualTo(1);
        assertThat(seenDeadLetter(id.toString())).isFalse();
    }

    private static String locking(UUID id, int row) {
        return event(id, 0).replace("\"data\":{\"fail_times\":0}", "\"data\":{\"fail_times\":0,\"lock_rows\":[" + row + "]}");
    }

    private static ConsumerRecords<String, String> poll(int partition, String... values) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            records.add(new ConsumerRecord<>(InboxProbe.BATCH_TOPIC, partition, 2_000_000L + i, "probe", values[i]));
        }
        return new ConsumerRecords<>(Map.of(new TopicPartition(InboxProbe.BATCH_TOPIC, partition), records));
    }

    @Test
    void rowsOlderThanTheRetentionAreRemoved() throws Exception {
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        try (var connection = dataSource.getConnection();
                var insert = connection.prepareStatement("INSERT INTO event_inbox (consumer, event_id, event_type, received) "
                        + "VALUES ('inbox-probe', ?, 'entrepot.test.probe.happened.v1', now() - ?::interval)")) {
            insert.setObject(1, old);
            insert.setString(2, "15 days");
            insert.executeUpdate();
            insert.setObject(1, recent);
            insert.setString(2, "13 days");
            insert.executeUpdate();
        }

        inbox.purge();

        assertThat(inboxRows(Consumer.ONE_BY_ONE, old)).isZero();
        assertThat(inboxRows(Consumer.ONE_BY_ONE, recent)).isEqualTo(1);
    }

    private static String event(UUID id, int failTimes) {
        return """
                {"specversion":"1.0","id":"%s","source":"/entrepot/test","type":"entrepot.test.probe.happened.v1",
                 "subject":"probe","orgid":"org1","time":"2026-11-23T10:00:00Z","datacontenttype":"application/json",
                 "data":{"fail_times":%d}}""".formatted(id, failTimes);
    }

    private void send(Consumer consumer, String value) throws Exception {
        producer.send(new ProducerRecord<>(consumer.topic, "probe", value)).get();
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not so after 30 s");
            }
            Thread.sleep(50);
        }
    }

    private int applied(UUID id) {
        return probe.applied(id);
    }

    private int inboxRows(Consumer consumer, UUID id) {
        return count("SELECT count(*) FROM event_inbox WHERE consumer = ? AND event_id = ?", consumer.name, id);
    }

    private int inboxRowsOfType(String type) {
        return count("SELECT count(*) FROM event_inbox WHERE event_type = ?", type);
    }

    private int count(String query, Object... parameters) {
        try (var connection = dataSource.getConnection(); var select = connection.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (var rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The dead letter whose value contains {@code marker}, among those read so far or waiting up to 30 s for it. */
    private ConsumerRecord<String, String> deadLetter(String marker) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        do {
            deadLetters.poll(Duration.ofMillis(200)).forEach(seen::add);
            for (ConsumerRecord<String, String> record : seen) {
                if (record.value() != null && record.value().contains(marker)) {
                    return record;
                }
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no dead letter containing " + marker + " after 30 s; saw " + seen.size() + " others");
    }

    /** Whether a dead letter containing {@code marker} is among those on the topics now (one short read). */
    private boolean seenDeadLetter(String marker) {
        deadLetters.poll(Duration.ofMillis(500)).forEach(seen::add);
        return seen.stream().anyMatch(record -> record.value() != null && record.value().contains(marker));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
