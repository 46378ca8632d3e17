package dev.entrepot.platform.events.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * What the outbox, its relay and the inbox can be told. The mapping sits at the root because two of its
 * names belong to Quarkus and Kafka; each is spelled out with {@code @WithName}.
 */
@ConfigMapping(prefix = "")
public interface EventsConfig {

    /**
     * {@code quarkus.application.name}: the service's name, which makes the events' CloudEvents
     * {@code source} ({@code /entrepot/<name>}) and the relay's Kafka client id. No default.
     */
    @WithName("quarkus.application.name")
    String application();

    /** {@code kafka.bootstrap.servers}: the brokers the relay publishes to (platform-service sets it from {@code KAFKA_BOOTSTRAP_SERVERS}). */
    @WithName("kafka.bootstrap.servers")
    String kafkaBootstrapServers();

    /** {@code entrepot.outbox.*}. */
    @WithName("entrepot.outbox")
    OutboxSettings outbox();

    /** {@code entrepot.inbox.*}. */
    @WithName("entrepot.inbox")
    InboxSettings inbox();

    interface OutboxSettings {

        /**
         * {@code entrepot.outbox.relay-interval}: how often the relay looks for unpublished rows even when
         * no commit woke it (rows of another replica, rows left by a failure). Default 200 ms.
         */
        @WithDefault("PT0.2S")
        Duration relayInterval();

        /**
         * {@code entrepot.outbox.relay-linger}: after a pass that published something, how long the relay waits
         * before the next, so that under load one pass takes the commits of several transactions. Idle, it waits
         * for nothing: the first commit wakes it at once. Default 5 ms.
         */
        @WithDefault("PT0.005S")
        Duration relayLinger();

        /** {@code entrepot.outbox.retention}: how long a published row is kept before it is removed. Default 7 days. */
        @WithDefault("P7D")
        Duration retention();

        /** {@code entrepot.outbox.relay-enabled}: whether this replica runs the relay at all. Default true. */
        @WithDefault("true")
        boolean relayEnabled();
    }

    interface InboxSettings {

        /** {@code entrepot.inbox.attempts}: tries of one event in all before it goes to the dead-letter topic; at least 1. Default 3. */
        @WithDefault("3")
        int attempts();

        /** {@code entrepot.inbox.backoff}: the wait after a failed try, times the number of tries so far. Default 200 ms. */
        @WithDefault("PT0.2S")
        Duration backoff();

        /**
         * {@code entrepot.inbox.retention}: how long a received event's id is remembered, which must outlast the
         * outbox's retention (a redelivery can only come from a row the relay still holds). Default 14 days.
         */
        @WithDefault("P14D")
        Duration retention();
    }
}
