package dev.entrepot.identity.rest;

import static dev.entrepot.identity.rest.IdentityApi.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.entrepot.identity.rest.IdentityApi.Account;
import dev.entrepot.platform.persistence.Sql;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** identity's events reach Kafka through the outbox, as CloudEvents keyed by the record they are about. */
@QuarkusTest
@RealInfrastructure(database = "identity")
class IdentityEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    Sql sql;

    @Test
    void everyIdentityChangeIsPublishedInOrderWithoutSecrets() throws Exception {
        Account owner = IdentityApi.signup();
        String memberEmail = IdentityApi.newEmail();
        String member = as(owner).body(Map.of("email", memberEmail, "password", IdentityApi.PASSWORD))
                .post("/api/v1/users").then().statusCode(201).extract().path("data.id");
        String name = IdentityApi.newName("erp");
        String integration = IdentityApi.createIntegration(owner, name);
        String key = IdentityApi.createKey(owner, integration);
        String keyId = as(owner).get("/api/v1/integrations/" + integration + "/keys").path("data[0].id");
        as(owner).body(Map.of("description", "ERP")).patch("/api/v1/integrations/" + integration).then().statusCode(200);
        as(owner).body(Map.of("enabled", false)).patch("/api/v1/integrations/" + integration).then().statusCode(200);
        as(owner).delete("/api/v1/integrations/" + integration + "/keys/" + keyId).then().statusCode(204);
        as(owner).body(Map.of("is_enabled", false)).patch("/api/v1/users/" + member).then().statusCode(200);
        as(owner).delete("/api/v1/integrations/" + integration).then().statusCode(204);
        Map<String, Object> tokenRequest = new HashMap<>();
        tokenRequest.put("name", "script");
        tokenRequest.put("expires_in", null);
        String accessToken = as(owner).body(tokenRequest).post("/api/v1/auth/access-tokens").path("data.id");
        as(owner).delete("/api/v1/auth/access-tokens/" + accessToken).then().statusCode(204);
        Account secondLogin = IdentityApi.login(owner.email(), owner.password());
        String secondSession = IdentityApi.authenticate(secondLogin.bearer()).path("data.credential_id");
        as(secondLogin).post("/api/v1/auth/logout").then().statusCode(204);
        String department = as(owner).body(Map.of("name", "Returns")).post("/api/v1/departments").then().statusCode(201)
                .extract().path("data.id");
        as(owner).body(Map.of("description", "Goods sent back")).patch("/api/v1/departments/" + department).then().statusCode(200);
        as(owner).delete("/api/v1/departments/" + department).then().statusCode(204);

        awaitRelayed(owner.organization(), 14);
        List<ConsumerRecord<String, String>> events = eventsOf(owner.organization(), 14);

        assertThat(events).extracting(this::type).containsExactlyInAnyOrder(
                "entrepot.identity.user.created.v1", "entrepot.identity.user.created.v1",
                "entrepot.identity.integration.created.v1", "entrepot.identity.api-key.created.v1",
                "entrepot.identity.integration.updated.v1", "entrepot.identity.integration.disabled.v1",
                "entrepot.identity.api-key.revoked.v1", "entrepot.identity.user.disabled.v1",
                "entrepot.identity.integration.deleted.v1", "entrepot.identity.access-token.revoked.v1",
                "entrepot.identity.session.ended.v1", "entrepot.identity.department.created.v1",
                "entrepot.identity.department.updated.v1", "entrepot.identity.department.deleted.v1");
        // a deleted department is announced with what it was, so integrations-service purges its data
        assertThat(events.stream().filter(event -> event.topic().equals("identity.departments")).map(ConsumerRecord::key))
                .containsOnly(department);
        assertThat(events).filteredOn(event -> type(event).endsWith("session.ended.v1")).extracting(ConsumerRecord::key)
                .containsExactly(secondSession);
        assertThat(events).filteredOn(event -> type(event).endsWith("access-token.revoked.v1")).extracting(ConsumerRecord::key)
                .containsExactly(accessToken);
        assertThat(events.stream().filter(event -> event.topic().equals("identity.integrations")).map(this::type))
                .containsExactly("entrepot.identity.integration.created.v1", "entrepot.identity.integration.updated.v1",
                        "entrepot.identity.integration.disabled.v1", "entrepot.identity.integration.deleted.v1");
        for (ConsumerRecord<String, String> event : events) {
            JsonNode cloudEvent = JSON.readTree(event.value());
            assertThat(cloudEvent.path("specversion").asText()).isEqualTo("1.0");
            assertThat(cloudEvent.path("source").asText()).isEqualTo("/entrepot/identity-service");
            assertThat(cloudEvent.path("datacontenttype").asText()).isEqualTo("application/json");
            assertThat(cloudEvent.path("subject").asText()).isEqualTo(event.key());
            assertThat(cloudEvent.path("id").asText()).isNotBlank();
            assertThat(event.value()).doesNotContain(key.substring(12)).doesNotContain(IdentityApi.PASSWORD)
                    .doesNotContain(owner.refreshToken().substring(12)).doesNotContain("hash");
        }
        JsonNode deleted = JSON.readTree(events.stream().filter(event -> type(event).endsWith("integration.deleted.v1"))
                .findFirst().orElseThrow().value());
        assertThat(deleted.path("subject").asText()).isEqualTo(integration);
        assertThat(deleted.path("data").path("name").asText()).isEqualTo(name);
        JsonNode keyCreated = JSON.readTree(events.stream().filter(event -> type(event).endsWith("api-key.created.v1"))
                .findFirst().orElseThrow().value());
        assertThat(keyCreated.path("data").path("integration").asText()).isEqualTo(name);
        assertThat(keyCreated.path("data").path("prefix").asText()).isEqualTo(key.substring(0, 12));
    }

    /**
     * What a user may do changes with a new password or role and with a department membership: each is an
     * event keyed by the user, on which every gateway replica drops the user's cached credentials.
     */
    @Test
    void aNewPasswordRoleOrMembershipIsAnEventAboutTheUser() throws Exception {
        Account owner = IdentityApi.signup();
        String member = as(owner).body(Map.of("email", IdentityApi.newEmail(), "password", IdentityApi.PASSWORD))
                .post("/api/v1/users").then().statusCode(201).extract().path("data.id");
        String newPassword = "a changed password 2";
        as(owner).body(Map.of("password", newPassword)).patch("/api/v1/users/" + member).then().statusCode(200);
        as(owner).body(Map.of("role", "admin")).patch("/api/v1/users/" + member).then().statusCode(200);
        String department = as(owner).body(Map.of("name", "Returns")).post("/api/v1/departments").then().statusCode(201)
                .extract().path("data.id");
        as(owner).body(Map.of("role", "reader")).put("/api/v1/departments/" + department + "/members/" + member)
                .then().statusCode(200);
        as(owner).delete("/api/v1/departments/" + department + "/members/" + member).then().statusCode(204);

        awaitRelayed(owner.organization(), 7); // the department's creation too
        List<ConsumerRecord<String, String>> events = eventsOf(owner.organization(), 7).stream()
                .filter(event -> event.key().equals(member)).toList();
        assertThat(events).extracting(this::type).containsExactly("entrepot.identity.user.created.v1",
                "entrepot.identity.user.updated.v1", "entrepot.identity.user.updated.v1",
                "entrepot.identity.user.membership-changed.v1", "entrepot.identity.user.membership-changed.v1");
        assertThat(events).allSatisfy(event -> assertThat(event.topic()).isEqualTo("identity.users"));
        JsonNode role = JSON.readTree(events.get(2).value());
        assertThat(role.path("data").path("role").asText()).isEqualTo("admin");
        JsonNode joined = JSON.readTree(events.get(3).value()).path("data");
        assertThat(joined.path("department_id").asText()).isEqualTo(department);
        assertThat(joined.path("role").asText()).isEqualTo("reader");
        assertThat(JSON.readTree(events.get(4).value()).path("data").path("role").isNull()).isTrue();
        for (ConsumerRecord<String, String> event : events) {
            assertThat(JSON.readTree(event.value()).path("subject").asText()).isEqualTo(member);
            assertThat(event.value()).doesNotContain(newPassword).doesNotContain(IdentityApi.PASSWORD).doesNotContain("hash");
        }
    }

    /** Waits until the relay has marked every event of the organization published (so the topics exist). */
    private void awaitRelayed(String organization, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && sql.one("SELECT count(*) FROM event_outbox WHERE published IS NULL "
                + "AND payload ->> 'orgid' = ?", row -> row.getLong(1), organization).orElseThrow() > 0) {
            Thread.sleep(100);
        }
        assertThat(sql.one("SELECT count(*) FROM event_outbox WHERE published IS NOT NULL AND payload ->> 'orgid' = ?",
                row -> row.getLong(1), organization)).contains(expected);
    }

    private String type(ConsumerRecord<String, String> event) {
        try {
            return JSON.readTree(event.value()).path("type").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The events of one organization on identity's topics, waiting up to 30 s for {@code expected} of them. */
    private List<ConsumerRecord<String, String>> eventsOf(String organization, int expected) throws Exception {
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "identity-events-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("identity.integrations", "identity.api-keys", "identity.users", "identity.departments"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (JSON.readTree(record.value()).path("orgid").asText().equals(organization)) {
                        received.add(record);
                    }
                }
            }
        }
        return received;
    }
}
