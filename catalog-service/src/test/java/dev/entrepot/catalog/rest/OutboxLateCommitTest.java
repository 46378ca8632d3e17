package dev.entrepot.catalog.rest;

import static dev.entrepot.catalog.rest.CatalogApi.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.entrepot.platform.persistence.Sql;
import dev.entrepot.platform.testing.KafkaEvents;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The relay looks for unpublished rows above the last position it published and among transactions still open
 * at its last pass (docs/events.md, Publishing). A transaction that took a lower position and commits after a
 * higher one was published is the case that must not be missed.
 */
@QuarkusTest
@RealInfrastructure(database = "catalog")
class OutboxLateCommitTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    DataSource dataSource;

    @Inject
    Sql sql;

    private final String org = CatalogApi.newOrganization();

    @Test
    void anEventCommittedAfterALaterOneWasPublishedIsPublishedToo() throws Exception {
        String lateSubject = "late" + UUID.randomUUID().toString().replace("-", "").substring(0, 11);
        try (Connection open = dataSource.getConnection(); KafkaEvents events = KafkaEvents.connect(bootstrapServers)) {
            open.setAutoCommit(false);
            long latePosition = addEvent(open, lateSubject);

            // A brand created meanwhile takes a higher position, commits and is published past the open row.
            String brand = create(org, "brands", Map.of("name", "Committed first"));
            events.about("catalog.brands", brand, 1);
            await("the relay moves past the open transaction's row").atMost(Duration.ofSeconds(10))
                    .until(() -> relayPosition() > latePosition);
            assertThat(published(open, latePosition)).isFalse(); // seen from its own, still open, transaction

            open.commit();

            List<JsonNode> late = events.about("catalog.brands", lateSubject, 1);
            assertThat(late.get(0).path("type").asText()).isEqualTo("entrepot.test.late.v1");
            // marked once Kafka has acknowledged it, a moment after a reader may see it
            await().atMost(Duration.ofSeconds(10)).until(() -> sql.one("SELECT published IS NOT NULL FROM event_outbox "
                    + "WHERE position = ?", row -> row.getBoolean(1), latePosition).orElseThrow());
        }
    }

    /**
     * While an older transaction stays open (the horizon cannot move past it), a row that committed late below the
     * relay's position and a later row of the same record are both published, in their order: nothing waits for
     * the open transaction, and the later event never overtakes the earlier one.
     */
    @Test
    void whileAnOlderTransactionStaysOpenALateEventStillComesBeforeTheNextOfItsRecord() throws Exception {
        String subject = "late" + UUID.randomUUID().toString().replace("-", "").substring(0, 11);
        try (Connection older = dataSource.getConnection(); Connection first = dataSource.getConnection();
                KafkaEvents events = KafkaEvents.connect(bootstrapServers)) {
            older.setAutoCommit(false);
            try (PreparedStatement xid = older.prepareStatement("SELECT pg_current_xact_id()"); ResultSet row = xid.executeQuery()) {
                row.next(); // the older transaction now has an id, and holds the horizon back until it ends
            }
            first.setAutoCommit(false);
            long firstPosition = addEvent(first, subject, "entrepot.test.first.v1");

            String brand = create(org, "brands", Map.of("name", "Committed meanwhile"));
            events.about("catalog.brands", brand, 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> relayPosition() > firstPosition);

            first.commit();
            try (Connection second = dataSource.getConnection()) {
                addEvent(second, subject, "entrepot.test.second.v1"); // autocommit
            }

            assertThat(events.about("catalog.brands", subject, 2)).extracting(event -> event.path("type").asText())
                    .containsExactly("entrepot.test.first.v1", "entrepot.test.second.v1");
            older.rollback();
        }
    }

    private long addEvent(Connection connection, String subject) throws SQLException {
        return addEvent(connection, subject, "entrepot.test.late.v1");
    }

    private long addEvent(Connection connection, String subject, String type) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO event_outbox (event_id, topic, record_key, "
                + "event_type, payload) VALUES (?::uuid, 'catalog.brands', ?, ?, ?::jsonb) RETURNING position")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, subject);
            insert.setString(3, type);
            insert.setString(4, KafkaEvents.cloudEvent(type, subject, org,
                    JsonNodeFactory.instance.objectNode().put("name", "Committed last")));
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private long relayPosition() {
        return sql.one("SELECT position FROM event_outbox_relay", row -> row.getLong(1)).orElseThrow();
    }

    /** Whether the row at {@code position} is marked published, as {@code connection} (its transaction) sees it. */
    private static boolean published(Connection connection, long position) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT published IS NOT NULL FROM event_outbox WHERE position = ?")) {
            select.setLong(1, position);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }
}
