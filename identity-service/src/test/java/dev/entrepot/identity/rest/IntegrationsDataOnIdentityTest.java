package dev.entrepot.identity.rest;

import static dev.entrepot.identity.rest.IdentityApi.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.entrepot.identity.rest.IdentityApi.Account;
import dev.entrepot.platform.testing.IntegrationsStub;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Users, departments and integrations keep integration data like every record (Pakk: "any record of any
 * entity"), written through the authority (a real HTTP server in integrations-service's place) and found
 * by it; a user's change that is refused writes no data.
 */
@QuarkusTest
@RealInfrastructure(database = "identity")
@QuarkusTestResource(IntegrationsStub.class)
class IntegrationsDataOnIdentityTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aUserCarriesIntegrationDataWrittenWithItsOtherChangesAndIsFoundByIt() throws Exception {
        Account owner = IdentityApi.signup();
        String user = as(owner).body(Map.of("email", IdentityApi.newEmail(), "password", IdentityApi.PASSWORD))
                .post("/api/v1/users").then().statusCode(201).body("data.integrationsData", equalTo(Map.of()))
                .extract().path("data.id");

        as(owner).body(Map.of("name", "Ada", "integrationsData.hr.employee_id", "E-7")).patch("/api/v1/users/" + user)
                .then().statusCode(200).body("data.name", equalTo("Ada"))
                .body("data.integrationsData", equalTo(Map.of("hr", Map.of("employee_id", "E-7"))));
        assertThat(IntegrationsStub.lastRequest().path()).isEqualTo("users/" + user);
        assertThat(IntegrationsStub.lastRequest().body()).isEqualTo(MAPPER.readTree("{\"hr\":{\"employee_id\":\"E-7\"}}"));

        as(owner).body(Map.of("integrationsData", Map.of("hr", Map.of("badge", "12")))).post("/api/v1/users/" + user)
                .then().statusCode(200).body("data.name", equalTo("Ada"))
                .body("data.integrationsData.hr", equalTo(Map.of("employee_id", "E-7", "badge", "12")));
        as(owner).queryParam("integrationsData.hr.employee_id", "E-7").get("/api/v1/users").then().statusCode(200)
                .body("data.id", equalTo(List.of(user)));

        IntegrationsStub.Request last = IntegrationsStub.lastRequest();
        as(owner).body(Map.of("role", "emperor", "integrationsData.hr.badge", "13")).patch("/api/v1/users/" + user)
                .then().statusCode(422).body("errors.field", hasItem("role"));
        assertThat(IntegrationsStub.lastRequest()).isSameAs(last); // refused before the data went anywhere
        as(owner).get("/api/v1/users/" + user).then().body("data.integrationsData.hr.badge", equalTo("12"));
        as(owner).body(Map.of("integrationsData.hr.badge", "13")).patch("/api/v1/users/nosuchuser0000").then().statusCode(404);
    }

    @Test
    void departmentsAndIntegrationsTakeItInEveryWrite() {
        Account owner = IdentityApi.signup();
        String department = as(owner).body(Map.of("name", "Returns", "integrationsData.wms.site", "R1"))
                .post("/api/v1/departments").then().statusCode(201)
                .body("data.integrationsData", equalTo(Map.of("wms", Map.of("site", "R1")))).extract().path("data.id");
        as(owner).body(Map.of("name", "Returns", "integrationsData", Map.of("wms", Map.of("site", "R2"))))
                .put("/api/v1/departments/" + department).then().statusCode(200)
                .body("data.integrationsData.wms.site", equalTo("R2"));

        String integration = IdentityApi.createIntegration(owner, IdentityApi.newName("erp"));
        as(owner).body(Map.of("integrationsData.ops.owner", "team-a")).patch("/api/v1/integrations/" + integration)
                .then().statusCode(200).body("data.integrationsData.ops.owner", equalTo("team-a"))
                .body("data.allow_write_data", equalTo(true));
        as(owner).queryParam("integrationsData.ops.owner", "team-a").get("/api/v1/integrations").then()
                .body("data.id", equalTo(List.of(integration)));
    }
}
