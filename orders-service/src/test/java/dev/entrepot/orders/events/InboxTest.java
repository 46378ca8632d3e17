package dev.entrepot.orders.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.entrepot.platform.events.Inbox;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * The inbox and the dead-letter topic, through a real Kafka broker and a real PostgreSQL: a redelivered
 * event is applied once, a failing effect is retried with its inbox row rolled back, and a message that
 * keeps failing (or is no CloudEvent) lands on {@code <topic>.dlq} with the reason while the next one
 * is still consumed; rows past the retention are removed.
 */
@QuarkusTest
@RealInfrastructure(database = "orders")
@TestProfile(InboxTest.Probe.class)
class InboxTest {

    public static class Probe implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String channel = "mp.messaging.incoming.inbox-probe.";
            return Map.ofEntries(
                    Map.entry("entrepot.test.inbox-probe", "true"),
                    Map.entry("entrepot.inbox.backoff", "PT0.05S"),
                    Map.entry(channel + "connector", "smallrye-kafka"),
                    Map.entry(channel + "topic", InboxProbe.TOPIC),
                    Map.entry(channel + "group.id", "inbox-probe-" + UUID.randomUUID()),
                    Map.entry(channel + "auto.offset.reset", "earliest"),
                    Map.entry(channel + "cloud-events", "false"),
                    Map.entry(channel + "value.deserializer", StringDeserializer.class.getName()),
                    Map.entry(channel + "failure-strategy", "dead-letter-queue"),
                    Map.entry(channel + "dead-letter-queue.topic", InboxProbe.TOPIC + ".dlq"));
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

    private KafkaProducer<String, String> producer;
    private KafkaConsumer<String, String> deadLetters;

    @BeforeEach
    void connect() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
        deadLetters = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "inbox-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        deadLetters.subscribe(List.of(InboxProbe.TOPIC + ".dlq"));
    }

    @AfterEach
    void close() {
        producer.close();
        deadLetters.close();
    }

    @Test
    void aRedeliveredEventIsAppliedOnce() throws Exception {
        UUID id = UUID.randomUUID();
        String event = event(id, 0);
        send(event);
        send(event);
        UUID after = UUID.randomUUID();
        send(event(after, 0)); // same partition (same key), so once it is applied both copies were seen

        waitUntil(() -> applied(after) == 1);
        assertThat(applied(id)).isEqualTo(1);
        assertThat(inboxRows(id)).isEqualTo(1);
    }

    @Test
    void aFailingEffectIsTriedAgainAndItsInboxRowRolledBack() throws Exception {
        UUID id = UUID.randomUUID();
        send(event(id, 2));

        waitUntil(() -> applied(id) == 1);
        assertThat(probe.tries(id)).isEqualTo(3);
        assertThat(inboxRows(id)).isEqualTo(1);
    }

    @Test
    void anEventThatKeepsFailingGoesToTheDeadLetterTopicAndTheNextIsConsumed() throws Exception {
        UUID failing = UUID.randomUUID();
        UUID next = UUID.randomUUID();
        send(event(failing, 99));
        send(event(next, 0));

        waitUntil(() -> applied(next) == 1);
        ConsumerRecord<String, String> dead = deadLetter(failing.toString());
        assertThat(header(dead, "dead-letter-reason")).contains("could not apply event " + failing).contains("in 3 attempts")
                .contains("probe failure 3");
        assertThat(header(dead, "dead-letter-topic")).isEqualTo(InboxProbe.TOPIC);
        assertThat(probe.tries(failing)).isEqualTo(3);
        assertThat(applied(failing)).isZero();
        assertThat(inboxRows(failing)).isZero();
    }

    @Test
    void aMessageThatIsNoCloudEventGoesToTheDeadLetterTopicAtOnce() throws Exception {
        String marker = "not json " + UUID.randomUUID();
        send(marker);
        ConsumerRecord<String, String> dead = deadLetter(marker);
        assertThat(header(dead, "dead-letter-reason")).startsWith("Not a CloudEvent: not JSON");
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

        assertThat(inboxRows(old)).isZero();
        assertThat(inboxRows(recent)).isEqualTo(1);
    }

    private static String event(UUID id, int failTimes) {
        return """
                {"specversion":"1.0","id":"%s","source":"/entrepot/test","type":"entrepot.test.probe.happened.v1",
                 "subject":"probe","orgid":"org1","time":"2026-11-23T10:00:00Z","datacontenttype":"application/json",
                 "data":{"fail_times":%d}}""".formatted(id, failTimes);
    }

    private void send(String value) throws Exception {
        producer.send(new ProducerRecord<>(InboxProbe.TOPIC, "probe", value)).get();
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

    private int inboxRows(UUID id) throws Exception {
        try (var connection = dataSource.getConnection();
                var select = connection.prepareStatement("SELECT count(*) FROM event_inbox WHERE consumer = 'inbox-probe' AND event_id = ?")) {
            select.setObject(1, id);
            try (var rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** The dead letter whose value contains {@code marker}, waiting up to 30 s for it. */
    private ConsumerRecord<String, String> deadLetter(String marker) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : deadLetters.poll(Duration.ofMillis(200))) {
                if (record.value() != null && record.value().contains(marker)) {
                    return record;
                }
                seen.add(record);
            }
        }
        throw new AssertionError("no dead letter containing " + marker + " after 30 s; saw " + seen.size() + " others");
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
