package dev.entrepot.platform.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.entrepot.platform.contracts.Event;
import dev.entrepot.platform.contracts.EventJson;
import dev.entrepot.platform.events.config.EventsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

/**
 * Writes an event to the service's {@code event_outbox} table inside the caller's transaction, so the
 * event exists exactly when the change it describes was committed. {@link OutboxRelay} publishes it,
 * woken as soon as the transaction commits (a saga step should not wait for the relay's next poll).
 */
@ApplicationScoped
public class Outbox {

    /** The event type of an outbox row that the relay sends as a tombstone. */
    private static final String TOMBSTONE = "tombstone";

    private final DataSource dataSource;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;
    private final String source;

    Outbox(DataSource dataSource, TransactionSynchronizationRegistry transactions, OutboxRelay relay,
            EventsConfig config) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.relay = relay;
        this.source = "/entrepot/" + config.application();
    }

    /**
     * Adds the CloudEvent {@code type} about record {@code subject} of {@code organization} to
     * {@code topic}; the Kafka key is the subject, so one record's events stay in order.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID add(String topic, String type, String subject, String organization, JsonNode data) {
        return insert(topic, type, subject, organization, data);
    }

    /**
     * Adds {@code event} (a record of platform-contracts) about record {@code subject} of
     * {@code organization} to its topic, with its type; {@code data} is the record as Jackson writes it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID add(Event event, String subject, String organization) {
        return insert(event.topic(), event.type(), subject, organization, event);
    }

    /** {@code data} is a JSON tree or an {@link Event}: either is written straight into the envelope's text. */
    private UUID insert(String topic, String type, String subject, String organization, Object data) {
        UUID id = UUID.randomUUID();
        String event = cloudEvent(id, source, type, subject, organization,
                OffsetDateTime.now(Clock.systemUTC()).truncatedTo(ChronoUnit.MILLIS), data);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO event_outbox "
                        + "(event_id, topic, record_key, event_type, payload) VALUES (?, ?, ?, ?, ?::jsonb)")) {
            insert.setObject(1, id);
            insert.setString(2, topic);
            insert.setString(3, subject);
            insert.setString(4, type);
            insert.setString(5, event);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write event " + type + " to the outbox", e);
        }
        wakeRelayAfterCommit();
        return id;
    }

    /**
     * Adds a Kafka tombstone (a null value) for {@code key} to a compacted {@code topic}: once the broker
     * compacts the topic, the key and every earlier value of it are gone.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void tombstone(String topic, String key) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO event_outbox "
                        + "(event_id, topic, record_key, event_type, payload) VALUES (?, ?, ?, ?, 'null'::jsonb)")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, topic);
            insert.setString(3, key);
            insert.setString(4, TOMBSTONE);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write a tombstone for " + key + " to the outbox", e);
        }
        wakeRelayAfterCommit();
    }

    /** Once per transaction, however many events it adds. */
    private void wakeRelayAfterCommit() {
        if (transactions.getResource(Outbox.class) != null) {
            return;
        }
        transactions.putResource(Outbox.class, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wake();
                }
            }
        });
    }

    /**
     * A structured-mode CloudEvents 1.0 envelope with the {@code orgid} extension (docs/architecture.md#events),
     * as JSON text; {@code data} is a JSON tree or an {@link Event}.
     */
    static String cloudEvent(UUID id, String source, String type, String subject, String organization,
            OffsetDateTime time, Object data) {
        // RFC 3339 time, seconds always written
        return EventJson.write(new CloudEvent("1.0", id.toString(), source, type, subject, time.toInstant().toString(),
                "application/json", organization, data));
    }

    /** The envelope's attributes, written in this order. */
    private record CloudEvent(String specversion, String id, String source, String type, String subject, String time,
            String datacontenttype, String orgid, Object data) {
    }
}
