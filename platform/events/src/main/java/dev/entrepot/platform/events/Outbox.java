package dev.entrepot.platform.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

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

    private static final ObjectMapper MAPPER = new ObjectMapper();

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
        UUID id = UUID.randomUUID();
        ObjectNode event = cloudEvent(id, source, type, subject, organization,
                OffsetDateTime.now(Clock.systemUTC()).truncatedTo(ChronoUnit.MILLIS), data);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO event_outbox "
                        + "(event_id, topic, record_key, event_type, payload) VALUES (?, ?, ?, ?, ?::jsonb)")) {
            insert.setObject(1, id);
            insert.setString(2, topic);
            insert.setString(3, subject);
            insert.setString(4, type);
            insert.setString(5, MAPPER.writeValueAsString(event));
            insert.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Cannot write event " + type + " to the outbox", e);
        }
        wakeRelayAfterCommit();
        return id;
    }

    /**
     * Adds {@code event} (a record of platform-contracts) about record {@code subject} of
     * {@code organization} to its topic, with its type; {@code data} is the record as Jackson writes it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID add(Event event, String subject, String organization) {
        return add(event.topic(), event.type(), subject, organization, EventJson.toTree(event));
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

    /** A structured-mode CloudEvents 1.0 envelope with the {@code orgid} extension (docs/architecture.md#events). */
    static ObjectNode cloudEvent(UUID id, String source, String type, String subject, String organization,
            OffsetDateTime time, JsonNode data) {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", id.toString());
        event.put("source", source);
        event.put("type", type);
        event.put("subject", subject);
        event.put("time", time.toInstant().toString()); // RFC 3339, seconds always written
        event.put("datacontenttype", "application/json");
        event.put("orgid", organization);
        event.set("data", data);
        return event;
    }
}
