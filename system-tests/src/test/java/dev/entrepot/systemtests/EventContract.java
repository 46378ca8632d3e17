package dev.entrepot.systemtests;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import dev.entrepot.platform.testing.KafkaEvents;

/**
 * The events' contract: every event published on a topic of the AsyncAPI document while a suite runs is
 * read here and checked against the payload schema of its message (the document the gateway serves:
 * docs/asyncapi.yaml with the record events typed by the entities' record schemas) (found by the CloudEvent's
 * {@code type}). An event of a type the document does not name, or one its schema refuses, fails the
 * suite's test class when the suite stops.
 */
final class EventContract implements AutoCloseable {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, JsonSchema> payloads = new HashMap<>();
    private final List<String> topics = new ArrayList<>();
    private final KafkaConsumer<String, String> consumer;
    private final Thread reader;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong checked = new AtomicLong();
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();

    /** Starts reading every documented topic from its current end (a long-lived broker's history is not this run's). */
    EventContract(Path asyncApi, String bootstrapServers) throws IOException {
        JsonNode document = YAML.readTree(asyncApi.toFile());
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        document.path("channels").forEach(channel -> topics.add(channel.path("address").asText()));
        document.path("components").path("messages").forEach(message -> {
            ObjectNode root = message.path("payload").deepCopy();
            root.set("components", document.path("components"));
            payloads.put(message.path("name").asText(), factory.getSchema(root));
        });
        String group = "st-event-contract-" + UUID.randomUUID();
        KafkaEvents.startGroupAtEnd(bootstrapServers, group, topics);
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                // A topic made during the run is read from its start: all of it is this run's.
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, "2000",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(topics);
        reader = new Thread(this::read, "event-contract");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        while (running.get()) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.value() != null) { // a tombstone of a compacted topic is no event (docs/asyncapi.yaml)
                    check(record.topic(), record.value());
                }
            }
        }
        consumer.close(Duration.ofSeconds(5));
    }

    private void check(String topic, String value) {
        checked.incrementAndGet();
        JsonNode event;
        try {
            event = Probe.JSON.readTree(value);
        } catch (IOException notJson) {
            violations.add(topic + ": not JSON: " + Probe.shorten(value, 200));
            return;
        }
        String type = event.path("type").asText();
        JsonSchema schema = payloads.get(type);
        if (schema == null) {
            violations.add(topic + ": the type " + type + " is not a message of the AsyncAPI document");
            return;
        }
        Set<ValidationMessage> problems;
        try {
            problems = schema.validate(event);
        } catch (RuntimeException unreadable) {
            violations.add(topic + " " + type + ": the schema could not be applied: " + unreadable);
            return;
        }
        if (!problems.isEmpty()) {
            violations.add(topic + " " + type + ": " + problems + " in " + Probe.shorten(value, 400));
        }
    }

    /** Stops reading (after what was published up to now has had a moment to arrive) and fails on any violation. */
    @Override
    public void close() throws InterruptedException {
        Thread.sleep(1000);
        running.set(false);
        reader.join(10_000);
        System.out.println(checked.get() + " events checked against the AsyncAPI document");
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " events not as the AsyncAPI document says:\n  "
                    + String.join("\n  ", violations.stream().limit(50).toList()));
        }
    }
}
