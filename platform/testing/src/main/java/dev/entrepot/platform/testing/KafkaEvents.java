package dev.entrepot.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A test's own producer and readers on the real broker: send CloudEvents, and wait for the ones a service published. */
public final class KafkaEvents implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String bootstrapServers;
    private final KafkaProducer<String, String> producer;

    private KafkaEvents(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    public static KafkaEvents connect(String bootstrapServers) {
        return new KafkaEvents(bootstrapServers);
    }

    /** A CloudEvent as a service would publish it, with a new id. */
    public static String cloudEvent(String type, String subject, String organization, JsonNode data) {
        return cloudEvent(UUID.randomUUID(), type, subject, organization, data);
    }

    public static String cloudEvent(UUID id, String type, String subject, String organization, JsonNode data) {
        ObjectNode event = MAPPER.createObjectNode().put("specversion", "1.0").put("id", id.toString())
                .put("source", "/entrepot/test").put("type", type).put("subject", subject)
                .put("time", Instant.now().toString()).put("datacontenttype", "application/json").put("orgid", organization);
        event.set("data", data);
        return event.toString();
    }

    /** Sends and waits for the broker's acknowledgement. */
    public void send(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not send to " + topic, e.getCause());
        }
    }

    /**
     * The events of {@code topic} whose key is {@code subject}, read from the beginning once
     * {@code expected} have come (and one more second, to catch extras); fails unless exactly that many came
     * within 30 seconds.
     */
    public List<JsonNode> about(String topic, String subject, int expected) {
        List<JsonNode> found = read(topic, record -> subject.equals(record.key()), expected);
        assertThat(found).as("events about " + subject + " on " + topic).hasSize(expected);
        return found;
    }

    private List<JsonNode> read(String topic, Predicate<ConsumerRecord<String, String>> wanted, int expected) {
        List<JsonNode> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (wanted.test(record)) {
                        found.add(json(record.value()));
                    }
                }
                if (found.size() >= expected && settleUntil == Long.MAX_VALUE) {
                    settleUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
            }
        }
        return found;
    }

    private static JsonNode json(String value) {
        try {
            return MAPPER.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
