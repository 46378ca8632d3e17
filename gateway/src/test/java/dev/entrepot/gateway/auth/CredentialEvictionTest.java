package dev.entrepot.gateway.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.entrepot.gateway.ServicesStub;
import dev.entrepot.platform.testing.KafkaEvents;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * identity-service's user events end the gateway's cached resolutions within a second: the real consumer
 * on the real broker, the real Redis marks, identity-service stubbed (it counts how often it is asked).
 * The credential is Basic, as in the probe that found a changed password working for another minute.
 */
@QuarkusTest
@RealInfrastructure
@WithTestResource(ServicesStub.class)
class CredentialEvictionTest {

    private static KafkaEvents kafka;
    private static String organization;
    private static boolean eventsArrive;

    @BeforeAll
    static void connect() {
        kafka = KafkaEvents.connect(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        organization = "org-evict-" + UUID.randomUUID();
    }

    /**
     * The replica's consumer group reads from the end: only once an event is seen to arrive can the next
     * ones be timed. The first may be missed while the group is still joining, so send until one lands.
     */
    @BeforeEach
    void eventsArrive() throws InterruptedException {
        if (eventsArrive) {
            return;
        }
        String warm = cachedUser();
        ServicesStub.refuse(warm);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (given().header("Authorization", warm).get("/api/v1/brands").statusCode() == 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no identity event reached the gateway in 60 s");
            }
            kafka.send("identity.users", subject(warm), KafkaEvents.cloudEvent("entrepot.identity.user.disabled.v1",
                    subject(warm), organization, JsonNodeFactory.instance.objectNode()));
            Thread.sleep(500);
        }
        eventsArrive = true;
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String subject(String authorization) {
        String decoded = new String(Base64.getDecoder().decode(authorization.substring("Basic ".length())), StandardCharsets.UTF_8);
        return decoded.substring(0, decoded.indexOf('@'));
    }

    /** A user's Basic credential that the gateway has resolved once and now answers from its caches. */
    private static String cachedUser() {
        String user = "usr" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String authorization = basic(user + "@example.com", "the old password");
        ServicesStub.accept(authorization, organization, user);
        given().header("Authorization", authorization).get("/api/v1/brands").then().statusCode(200);
        given().header("Authorization", authorization).get("/api/v1/brands").then().statusCode(200);
        assertThat(ServicesStub.asked(authorization)).as("resolved once, then cached").isEqualTo(1);
        return authorization;
    }

    @ParameterizedTest
    @ValueSource(strings = { "entrepot.identity.user.updated.v1", "entrepot.identity.user.membership-changed.v1",
            "entrepot.identity.user.disabled.v1" })
    void aChangedPasswordRoleOrMembershipEndsTheCachedCredentialWithinASecond(String type) throws InterruptedException {
        String old = cachedUser();
        String bystander = cachedUser();
        ServicesStub.refuse(old); // identity-service no longer accepts the old password

        kafka.send("identity.users", subject(old), KafkaEvents.cloudEvent(type, subject(old), organization,
                JsonNodeFactory.instance.objectNode().put("id", subject(old))));
        // The second is counted from the broker's acknowledgement (the event is published), not from before
        // the send, whose wait for the broker is not the gateway's (an aged, loaded test broker once made
        // it 1,069 ms in all from before the send).
        long published = System.nanoTime();
        long refusedAfter = -1;
        while (refusedAfter < 0 && System.nanoTime() - published < 5_000_000_000L) {
            if (given().header("Authorization", old).get("/api/v1/brands").statusCode() == 401) {
                refusedAfter = (System.nanoTime() - published) / 1_000_000;
            } else {
                Thread.sleep(20);
            }
        }
        assertThat(refusedAfter).as("ms until the old credential was refused").isBetween(0L, 1_000L);
        // Another user of the organization keeps the cached resolution.
        given().header("Authorization", bystander).get("/api/v1/brands").then().statusCode(200);
        assertThat(ServicesStub.asked(bystander)).isEqualTo(1);
    }

    @Test
    void anEventOfAnotherOrganizationEndsNothing() throws InterruptedException {
        String user = cachedUser();
        kafka.send("identity.users", subject(user), KafkaEvents.cloudEvent("entrepot.identity.user.updated.v1",
                subject(user), "another-organization", JsonNodeFactory.instance.objectNode()));
        Thread.sleep(1_500);
        given().header("Authorization", user).get("/api/v1/brands").then().statusCode(200);
        assertThat(ServicesStub.asked(user)).isEqualTo(1);
    }
}
