package dev.entrepot.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A test's own producer and readers on the real broker: send CloudEvents, and wait for the ones a service published. */
public final class KafkaEvents implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** How far before this object's creation {@link #about} starts reading (a long-lived broker holds much more). */
    private static final Duration LOOK_BACK = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final Instant readFrom = Instant.now().minus(LOOK_BACK);
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
        ObjectNode event = MAPPER.createObjectNode().put("specversion", "1.0").put("id", UUID.randomUUID().toString())
                .put("source", "/entrepot/test").put("type", type).put("subject", subject)
                .put("time", Instant.now().toString()).put("datacontenttype", "application/json").put("orgid", organization);
        event.set("data", data);
        return event.toString();
    }

    /**
     * Waits (up to 60 s) until consumer group {@code group} has every partition of {@code topic}
     * assigned: a group that starts at the topic's end only sees what is sent after that.
     */
    public static void awaitAssigned(String bootstrapServers, String group, String topic) {
        try (Admin admin = admin(bootstrapServers)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long assigned = 0;
            int partitions = -1;
            while (System.nanoTime() < deadline) {
                try {
                    partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
                    ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                    assigned = description.members().stream().flatMap(member -> member.assignment().topicPartitions().stream())
                            .filter(partition -> partition.topic().equals(topic)).count();
                    if (assigned == partitions) {
                        return;
                    }
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw new IllegalStateException("Could not describe consumer group " + group, e.getCause());
                    }
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("consumer group " + group + " has " + assigned + " of " + partitions
                    + " partitions of " + topic + " after 60 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sets a consumer group that has no members yet to start at the current end of each topic that
     * exists: its consumers then read only what comes next, and resume from their commits after a crash.
     */
    public static void startGroupAtEnd(String bootstrapServers, String group, List<String> topics) {
        try (Admin admin = admin(bootstrapServers)) {
            Set<String> existing = admin.listTopics().names().get();
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (String topic : topics) {
                if (existing.contains(topic)) {
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                            .forEach(partition -> ends.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
                }
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            admin.listOffsets(ends).all().get().forEach((partition, end) -> offsets.put(partition, new OffsetAndMetadata(end.offset())));
            if (!offsets.isEmpty()) {
                admin.alterConsumerGroupOffsets(group, offsets).all().get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not set the offsets of consumer group " + group, e.getCause());
        }
    }

    private static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
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
     * The events of {@code topic} whose key is {@code subject}, read from a minute before this object was
     * made, once {@code expected} have come (and one more second, to catch extras); fails unless exactly
     * that many came within 30 seconds.
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
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(partition -> new TopicPartition(topic, partition.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> since = new HashMap<>();
            partitions.forEach(partition -> since.put(partition, readFrom.toEpochMilli()));
            consumer.offsetsForTimes(since).forEach((partition, offset) -> {
                if (offset == null) {
                    consumer.seekToEnd(List.of(partition));
                } else {
                    consumer.seek(partition, offset.offset());
                }
            });
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

    /** A record's value as JSON; a tombstone (no value) is a JSON null. */
    private static JsonNode json(String value) {
        if (value == null) {
            return com.fasterxml.jackson.databind.node.NullNode.getInstance();
        }
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
