package dev.entrepot.identity.rest;

import static dev.entrepot.identity.rest.IdentityApi.as;
import static dev.entrepot.identity.rest.IdentityApi.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.entrepot.identity.rest.IdentityApi.Account;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@RealInfrastructure(database = "identity")
class UsersAndDepartmentsTest {

    @Test
    void ownersCreateUsersAndOnlyOwnersCreateOwners() {
        Account owner = IdentityApi.signup();
        Account admin = createAndLogin(owner, "admin");
        Account member = createAndLogin(owner, "member");

        as(member).body(Map.of("email", IdentityApi.newEmail(), "password", IdentityApi.PASSWORD)).post("/api/v1/users")
                .then().statusCode(403);
        as(admin).body(Map.of("email", IdentityApi.newEmail(), "password", IdentityApi.PASSWORD, "role", "owner"))
                .post("/api/v1/users").then().statusCode(403);
        as(admin).body(Map.of("email", IdentityApi.newEmail(), "password", IdentityApi.PASSWORD, "role", "emperor"))
                .post("/api/v1/users").then().statusCode(422).body("errors.field", hasItem("role"));
        as(owner).get("/api/v1/users").then().statusCode(200).body("total_count", equalTo(3));
        as(member).get("/api/v1/users?search=" + admin.email().substring(0, 14)).then().statusCode(200)
                .body("data.email", equalTo(List.of(admin.email())));
    }

    @Test
    void disablingAUserEndsTheirSessionsAndLogins() {
        Account owner = IdentityApi.signup();
        Account member = createAndLogin(owner, "member");

        as(owner).body(Map.of("is_enabled", false)).patch("/api/v1/users/" + member.userId()).then().statusCode(200)
                .body("data.is_enabled", equalTo(false));

        assertThat(refusal(member.bearer())).isEqualTo("session_ended");
        assertThat(refusal(member.basic())).isEqualTo("account_disabled");
        as(owner).body(Map.of("is_enabled", false)).patch("/api/v1/users/" + owner.userId()).then().statusCode(422);
    }

    @Test
    void anotherOrganizationsUserIsNotFound() {
        Account owner = IdentityApi.signup();
        Account stranger = IdentityApi.signup();

        as(stranger).get("/api/v1/users/" + owner.userId()).then().statusCode(404);
        as(stranger).body(Map.of("is_enabled", false)).patch("/api/v1/users/" + owner.userId()).then().statusCode(404);
    }

    @Test
    void departmentMembershipsGrantDepartmentElevations() {
        Account owner = IdentityApi.signup();
        Account member = createAndLogin(owner, "member");
        String department = as(owner).body(Map.of("name", "Warehouse")).post("/api/v1/departments").then().statusCode(201)
                .extract().path("data.id");
        as(owner).body(Map.of("role", "reader")).put("/api/v1/departments/" + department + "/members/" + member.userId())
                .then().statusCode(200).body("data.role", hasItem("reader"));

        IdentityApi.authenticate(member.bearer()).then().statusCode(200)
                .body("data.departments", equalTo(List.of(department + ":reader")));
        String asReader = "/api/v1/integrations?elevation=reader_department&for_department_id=" + department;
        as(member).get(asReader).then().statusCode(200);
        as(member).header("Authorization-Department", department).get("/api/v1/integrations?mode=ProviderDepartment")
                .then().statusCode(200);
        as(member).get("/api/v1/integrations?elevation=owner_department&for_department_id=" + department)
                .then().statusCode(403).body("error_code", equalTo("forbidden"));
        as(member).get("/api/v1/integrations?elevation=admin").then().statusCode(403);
        as(member).get("/api/v1/integrations?elevation=reader_department").then().statusCode(400);
        as(member).get("/api/v1/integrations?elevation=emperor").then().statusCode(400);
        as(owner).get("/api/v1/integrations?elevation=unrestricted").then().statusCode(200);

        as(member).body(Map.of("role", "owner")).put("/api/v1/departments/" + department + "/members/" + member.userId())
                .then().statusCode(403);
        as(owner).body(Map.of("role", "boss")).put("/api/v1/departments/" + department + "/members/" + member.userId())
                .then().statusCode(422);
        // A null role was once taken as given and failed in the database (a 500).
        as(owner).body("{\"role\": null}").put("/api/v1/departments/" + department + "/members/" + member.userId())
                .then().statusCode(422).body("errors[0].field", org.hamcrest.Matchers.equalTo("role"));
        as(IdentityApi.signup()).get("/api/v1/departments/" + department + "/members").then().statusCode(404);
        as(owner).delete("/api/v1/departments/" + department + "/members/" + member.userId()).then().statusCode(204);
        as(member).get(asReader).then().statusCode(403);
    }

    @Test
    void aSecondPutChangesAMembersRoleAndKeepsTheMembership() {
        Account owner = IdentityApi.signup();
        Account member = createAndLogin(owner, "member");
        String department = as(owner).body(Map.of("name", "Shop floor")).post("/api/v1/departments").then().statusCode(201)
                .extract().path("data.id");
        String members = "/api/v1/departments/" + department + "/members";
        String created = as(owner).body(Map.of("role", "client")).put(members + "/" + member.userId()).then().statusCode(200)
                .body("data.user_id", equalTo(List.of(member.userId())))
                .body("data.email", equalTo(List.of(member.email())))
                .extract().path("data[0].created");

        as(owner).body(Map.of("role", "provider")).put(members + "/" + member.userId()).then().statusCode(200)
                .body("data.role", equalTo(List.of("provider")))
                .body("data[0].created", equalTo(created));

        as(member).get(members).then().statusCode(200).body("data.email", equalTo(List.of(member.email())));
        IdentityApi.authenticate(member.bearer()).then().statusCode(200)
                .body("data.departments", equalTo(List.of(department + ":provider")));
        as(owner).body(Map.of("role", "client")).put(members + "/" + IdentityApi.signup().userId()).then().statusCode(404);
        as(owner).body(Map.of("role", "client")).put("/api/v1/departments/nosuchdepartmen/members/" + member.userId())
                .then().statusCode(404);
        as(owner).delete(members + "/" + owner.userId()).then().statusCode(404);
    }

    @Test
    void anOrganizationSpeaksTheLocaleItChoseAndItsTokensSayIt() throws Exception {
        String email = IdentityApi.newEmail();
        String session = IdentityApi.json().body(Map.of("organization", "Dansk butik", "email", email,
                "password", IdentityApi.PASSWORD, "locale", "DA")).post("/api/v1/auth/signup").then().statusCode(201)
                .extract().path("data.token");
        Account owner = IdentityApi.login(email, IdentityApi.PASSWORD);
        as(owner).get("/api/v1/me/organization").then().statusCode(200).body("data.locale", equalTo("da"))
                .body("data.name", equalTo("Dansk butik"));
        assertThat(localeClaim(IdentityApi.internalToken("Bearer " + session))).isEqualTo("da");

        Account member = createAndLogin(owner, "member");
        as(member).body(Map.of("locale", "fr")).patch("/api/v1/me/organization").then().statusCode(403);
        as(owner).body(Map.of("locale", "f1")).patch("/api/v1/me/organization").then().statusCode(422)
                .body("errors.field", hasItem("locale"));
        as(owner).body(Map.of("name", " ")).patch("/api/v1/me/organization").then().statusCode(422);
        as(owner).body(Map.of("country", "DK")).patch("/api/v1/me/organization").then().statusCode(422);
        as(owner).body(Map.of("locale", "fr")).patch("/api/v1/me/organization").then().statusCode(200)
                .body("data.locale", equalTo("fr")).body("data.name", equalTo("Dansk butik"));
        assertThat(localeClaim(IdentityApi.internalToken(member.bearer()))).isEqualTo("fr");
        IdentityApi.json().body(Map.of("organization", "Shop", "email", IdentityApi.newEmail(), "password", IdentityApi.PASSWORD,
                "locale", "not a language")).post("/api/v1/auth/signup").then().statusCode(422).body("errors.field", hasItem("locale"));
    }

    /** The locale claim of an internal token (its payload, read without checking the signature the services check). */
    private static String localeClaim(String internalToken) throws Exception {
        String payload = new String(Base64.getUrlDecoder().decode(internalToken.split("\\.")[1]), StandardCharsets.UTF_8);
        return new ObjectMapper().readTree(payload).path("locale").asText(null);
    }

    private static Account createAndLogin(Account owner, String role) {
        String email = IdentityApi.newEmail();
        as(owner).body(Map.of("email", email, "password", IdentityApi.PASSWORD, "role", role)).post("/api/v1/users")
                .then().statusCode(201).body("data.role", equalTo(role));
        return IdentityApi.login(email, IdentityApi.PASSWORD);
    }
}
