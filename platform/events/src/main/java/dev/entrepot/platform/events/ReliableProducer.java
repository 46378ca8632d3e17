package dev.entrepot.platform.events;

import java.time.Duration;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** The producer platform-events publishes with (the outbox relay, dead letters): every record or an error, never silence. */
final class ReliableProducer {

    private ReliableProducer() {
    }

    /**
     * Idempotent and {@code acks=all}, sending at once (no linger: its callers batch and wait themselves); a broker
     * that is down fails a send within {@code deliveryTimeout} (at least 10 s), never blocking the thread longer.
     */
    static KafkaProducer<String, String> create(String bootstrapServers, String clientId, Duration deliveryTimeout) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis());
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }
}
