package dev.entrepot.platform.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.jboss.logging.Logger;

import dev.entrepot.platform.contracts.Topics;
import dev.entrepot.platform.events.config.EventsConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Sends a message its consumer cannot apply to {@code <topic>.dlq} (docs/events.md, Consuming), with the
 * headers SmallRye's {@code dead-letter-queue} strategy writes: {@code dead-letter-reason}, {@code -cause},
 * {@code -topic}, {@code -partition}, {@code -offset}, and the exception's and cause's class names. A batch
 * consumer needs its own: SmallRye's strategy sends a whole batch there when any of it fails, where one bad event
 * must not take its neighbours along.
 *
 * <p>{@link #send} returns once the broker has the letter (acks=all), so the batch's offsets are committed only
 * after it; it throws when the broker cannot take it, and the batch is then consumed again (the inbox absorbs
 * what was applied).
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(35);

    private final String bootstrapServers;
    private final String application;
    private KafkaProducer<String, String> producer;
    private boolean closed;

    DeadLetters(EventsConfig config) {
        this.bootstrapServers = config.kafkaBootstrapServers();
        this.application = config.application();
    }

    /** Puts {@code message} on its topic's dead-letter topic with {@code reason}; returns when the broker has it. */
    public void send(ConsumerRecord<String, String> message, Throwable reason) {
        String topic = Topics.deadLetter(message.topic());
        // The record copies the message's headers, and the letter's own go on its copy.
        ProducerRecord<String, String> letter = new ProducerRecord<>(topic, null, message.key(), message.value(), message.headers());
        Headers headers = letter.headers();
        header(headers, "dead-letter-exception-class-name", reason.getClass().getName());
        header(headers, "dead-letter-reason", reason.getMessage() == null ? reason.toString() : reason.getMessage());
        Throwable cause = reason.getCause();
        if (cause != null) {
            header(headers, "dead-letter-cause-class-name", cause.getClass().getName());
            if (cause.getMessage() != null) {
                header(headers, "dead-letter-cause", cause.getMessage());
            }
        }
        header(headers, "dead-letter-topic", message.topic());
        header(headers, "dead-letter-partition", Integer.toString(message.partition()));
        header(headers, "dead-letter-offset", Long.toString(message.offset()));
        try {
            producer().send(letter).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending a dead letter to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not send a dead letter to " + topic + ": " + e, e);
        }
        LOG.warnf("%s-%d@%d sent to %s: %s", message.topic(), message.partition(), message.offset(), topic, reason.getMessage());
    }

    private static void header(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (closed) {
            throw new IllegalStateException("the service is stopping: no dead letter is sent now");
        }
        if (producer == null) {
            // Gives up on a letter before send() stops waiting for it, so a letter the caller reports as not sent
            // is not delivered later, and then again when the poll is consumed again.
            producer = ReliableProducer.create(bootstrapServers, application + "-dead-letters", Duration.ofSeconds(20));
        }
        return producer;
    }

    synchronized void close(@Observes ShutdownEvent stopping) {
        closed = true;
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
