package dev.entrepot.identity.rest;

import static dev.entrepot.identity.rest.IdentityApi.as;
import static dev.entrepot.identity.rest.IdentityApi.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.entrepot.identity.rest.IdentityApi.Account;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@RealInfrastructure(database = "identity")
class IntegrationsTest {

    @Test
    void anIntegrationHasAUniqueWellFormedNameInItsOrganization() {
        Account owner = IdentityApi.signup();
        String name = IdentityApi.newName("erp");

        as(owner).body(Map.of("name", name, "description", "nightly ERP sync")).post("/api/v1/integrations")
                .then().statusCode(201)
                .body("data.name", equalTo(name))
                .body("data.enabled", equalTo(true))
                .body("data.allow_write_data", equalTo(true));
        as(owner).body(Map.of("name", name)).post("/api/v1/integrations").then().statusCode(409)
                .body("error_code", equalTo("duplicate"));
        for (String bad : new String[] { "ERP", "erp sync", "", "x".repeat(41), "erp.sync" }) {
            as(owner).body(Map.of("name", bad)).post("/api/v1/integrations").then().statusCode(422)
                    .body("errors.field", hasItem("name"));
        }
        // another organization may use the same name
        as(IdentityApi.signup()).body(Map.of("name", name)).post("/api/v1/integrations").then().statusCode(201);
    }

    @Test
    void anIntegrationCannotBeRenamed() {
        Account owner = IdentityApi.signup();
        String id = IdentityApi.createIntegration(owner, IdentityApi.newName("shop"));

        as(owner).body(Map.of("name", "renamed")).patch("/api/v1/integrations/" + id).then().statusCode(422)
                .body("errors.field", hasItem("name"));
        as(owner).body(Map.of("description", "still fine")).patch("/api/v1/integrations/" + id).then().statusCode(200);
    }

    @Test
    void anotherOrganizationsIntegrationIsNotFound() {
        Account owner = IdentityApi.signup();
        String id = IdentityApi.createIntegration(owner, IdentityApi.newName("erp"));
        Account stranger = IdentityApi.signup();

        as(stranger).get("/api/v1/integrations/" + id).then().statusCode(404);
        as(stranger).get("/api/v1/integrations/" + id + "/keys").then().statusCode(404);
        as(stranger).body(Map.of("name", "mine now")).post("/api/v1/integrations/" + id + "/keys").then().statusCode(404);
        as(stranger).delete("/api/v1/integrations/" + id).then().statusCode(404);
        as(stranger).get("/api/v1/integrations").then().statusCode(200).body("data", empty());
    }

    @Test
    void aKeyIsShownOnceAndOnlyItsPrefixAfterwards() {
        Account owner = IdentityApi.signup();
        String id = IdentityApi.createIntegration(owner, IdentityApi.newName("erp"));

        String key = IdentityApi.createKey(owner, id);

        assertThat(key).startsWith("epk_").hasSize(47);
        String keys = as(owner).get("/api/v1/integrations/" + id + "/keys").then().statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].prefix", equalTo(key.substring(0, 12)))
                .body("data[0].last_used", nullValue())
                .extract().asString();
        assertThat(keys).doesNotContain(key).doesNotContain(key.substring(12));
        assertThat(as(owner).get("/api/v1/integrations/" + id).asString()).doesNotContain(key.substring(12));

        IdentityApi.authenticate(key).then().statusCode(200);
        as(owner).get("/api/v1/integrations/" + id + "/keys").then().body("data[0].last_used", notNullValue());
    }

    @Test
    void aKeyAuthenticatesRawAsBearerAndAsBasicWithItsIntegrationsClaims() {
        Account owner = IdentityApi.signup();
        String name = IdentityApi.newName("erp");
        String id = IdentityApi.createIntegration(owner, name);
        String key = IdentityApi.createKey(owner, id);

        for (String authorization : new String[] { key, "Bearer " + key, IdentityApi.basic(key + ":") }) {
            IdentityApi.authenticate(authorization).then().statusCode(200)
                    .body("data.kind", equalTo("api_key"))
                    .body("data.organization_id", equalTo(owner.organization()))
                    .body("data.integration", equalTo(name))
                    .body("data.allow_write_data", equalTo(true))
                    .body("data.roles", equalTo(List.of("owner")));
        }
        as(key).get("/api/v1/me").then().statusCode(200).body("data.integration", equalTo(name));

        // Unchecked, the integration's keys say so from their next authentication.
        as(owner).body(Map.of("allow_write_data", false)).patch("/api/v1/integrations/" + id).then().statusCode(200);
        IdentityApi.authenticate(key).then().statusCode(200).body("data.allow_write_data", equalTo(false));
    }

    @Test
    void unknownRevokedAndDisabledKeysAreRefused() {
        Account owner = IdentityApi.signup();
        String id = IdentityApi.createIntegration(owner, IdentityApi.newName("erp"));
        String key = IdentityApi.createKey(owner, id);
        String other = IdentityApi.createKey(owner, id);

        assertThat(refusal("epk_" + "A".repeat(43))).isEqualTo("unknown_api_key");
        assertThat(refusal(key.substring(0, 46))).isEqualTo("unrecognised_credential");

        as(owner).body(Map.of("enabled", false)).patch("/api/v1/integrations/" + id).then().statusCode(200);
        assertThat(refusal(key)).isEqualTo("integration_disabled");
        as(owner).body(Map.of("enabled", true)).patch("/api/v1/integrations/" + id).then().statusCode(200);
        IdentityApi.authenticate(key).then().statusCode(200);

        String keyId = as(owner).get("/api/v1/integrations/" + id + "/keys").path("data[0].id");
        as(owner).delete("/api/v1/integrations/" + id + "/keys/" + keyId).then().statusCode(204);
        assertThat(refusal(key)).isEqualTo("unknown_api_key");
        as(owner).delete("/api/v1/integrations/" + id + "/keys/" + keyId).then().statusCode(404);
        IdentityApi.authenticate(other).then().statusCode(200);

        as(owner).delete("/api/v1/integrations/" + id).then().statusCode(204);
        assertThat(refusal(other)).isEqualTo("unknown_api_key");
    }

    @Test
    void onlyOwnersAndAdminsManageIntegrationsAndKeys() {
        Account owner = IdentityApi.signup();
        String id = IdentityApi.createIntegration(owner, IdentityApi.newName("erp"));
        String memberEmail = IdentityApi.newEmail();
        as(owner).body(Map.of("email", memberEmail, "password", IdentityApi.PASSWORD)).post("/api/v1/users")
                .then().statusCode(201).body("data.role", equalTo("member"));
        Account member = IdentityApi.login(memberEmail, IdentityApi.PASSWORD);

        as(member).get("/api/v1/integrations/" + id).then().statusCode(200);
        as(member).body(Map.of("name", IdentityApi.newName("mine"))).post("/api/v1/integrations").then().statusCode(403);
        as(member).body(Map.of("enabled", false)).patch("/api/v1/integrations/" + id).then().statusCode(403);
        as(member).get("/api/v1/integrations/" + id + "/keys").then().statusCode(403);
        as(member).body(Map.of("name", "k")).post("/api/v1/integrations/" + id + "/keys").then().statusCode(403);

        String memberKey = as(owner).body(Map.of("name", "read only", "role", "member"))
                .post("/api/v1/integrations/" + id + "/keys").then().statusCode(201).extract().path("data.key");
        as(memberKey).body(Map.of("name", IdentityApi.newName("mine"))).post("/api/v1/integrations").then().statusCode(403);
    }
}
