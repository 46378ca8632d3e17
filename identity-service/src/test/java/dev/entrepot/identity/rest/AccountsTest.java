package dev.entrepot.identity.rest;

import static dev.entrepot.identity.rest.IdentityApi.as;
import static dev.entrepot.identity.rest.IdentityApi.json;
import static dev.entrepot.identity.rest.IdentityApi.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.entrepot.identity.rest.IdentityApi.Account;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
@RealInfrastructure(database = "identity")
class AccountsTest {

    @Test
    void signupCreatesAnOrganizationWhoseOwnerIsLoggedIn() {
        Account owner = IdentityApi.signup();

        assertThat(owner.refreshToken()).startsWith("epr_").hasSize(47);
        as(owner).get("/api/v1/me").then().statusCode(200)
                .body("data.organization_id", equalTo(owner.organization()))
                .body("data.kind", equalTo("session"))
                .body("data.roles", hasItem("owner"))
                .body("data.user.email", equalTo(owner.email()))
                .body("data.user", not(hasKey("password_hash")));
    }

    @Test
    void signupRefusesWeakPasswordsBadEmailsAndMissingFields() {
        json().body(Map.of("organization", "Shop", "email", IdentityApi.newEmail(), "password", "short"))
                .post("/api/v1/auth/signup").then().statusCode(422)
                .body("error_code", equalTo("validation_failed"))
                .body("errors.field", hasItem("password"));
        json().body(Map.of("organization", "Shop", "email", "not-an-email", "password", IdentityApi.PASSWORD))
                .post("/api/v1/auth/signup").then().statusCode(422).body("errors.field", hasItem("email"));
        json().body(Map.of("email", IdentityApi.newEmail())).post("/api/v1/auth/signup").then().statusCode(422)
                .body("errors.field", hasItems("organization", "password"));
        json().body(Map.of("organization", "Shop", "email", IdentityApi.newEmail(), "password", "x".repeat(257)))
                .post("/api/v1/auth/signup").then().statusCode(422).body("errors.field", hasItem("password"));
    }

    @Test
    void anEmailIsUniqueInItsOrganizationOnlySoNoAnswerSaysItIsRegisteredElsewhere() {
        Account first = IdentityApi.signup();
        String otherPassword = "another long password";

        // An anonymous signup with an email registered elsewhere, in any case, is a signup like any other.
        Response second = json().body(Map.of("organization", "Other", "email", first.email().toUpperCase(),
                "password", otherPassword)).post("/api/v1/auth/signup");
        second.then().statusCode(201);
        String secondOrganization = second.path("data.organization_id");
        assertThat(secondOrganization).isNotEqualTo(first.organization());
        // So is an administrator's new user; only twice in one organization is a 409.
        Account third = IdentityApi.signup();
        as(third).body(Map.of("email", first.email(), "password", IdentityApi.PASSWORD)).post("/api/v1/users")
                .then().statusCode(201);
        as(third).body(Map.of("email", first.email().toUpperCase(), "password", IdentityApi.PASSWORD)).post("/api/v1/users")
                .then().statusCode(409).body("error_code", equalTo("duplicate")).body("errors.field", hasItem("email"));

        // At login the password picks the account; one that opens two asks which organization.
        json().body(Map.of("email", first.email(), "password", otherPassword)).post("/api/v1/auth/login")
                .then().statusCode(200).body("data.organization_id", equalTo(secondOrganization));
        json().body(Map.of("email", first.email(), "password", IdentityApi.PASSWORD)).post("/api/v1/auth/login")
                .then().statusCode(409).body("error_code", equalTo("organization_required"))
                .body("errors.message", hasItems("organization " + first.organization(), "organization " + third.organization()));
        json().body(Map.of("email", first.email(), "password", IdentityApi.PASSWORD, "organization_id", third.organization()))
                .post("/api/v1/auth/login").then().statusCode(200).body("data.organization_id", equalTo(third.organization()));
        // Naming an organization the password does not open is the same 401 as a wrong password.
        Response wrongOrganization = json().body(Map.of("email", first.email(), "password", IdentityApi.PASSWORD,
                "organization_id", secondOrganization)).post("/api/v1/auth/login");
        Response wrongPassword = json().body(Map.of("email", first.email(), "password", "not the password at all"))
                .post("/api/v1/auth/login");
        assertThat(wrongOrganization.statusCode()).isEqualTo(401);
        assertThat(wrongOrganization.asString()).isEqualTo(wrongPassword.asString());
    }

    @Test
    void loggingInToOneAccountOfAnEmailIsNoWrongGuessAgainstItsOthers() {
        Account first = IdentityApi.signup();
        String otherPassword = "the other organization's password";
        json().body(Map.of("organization", "Other", "email", first.email(), "password", otherPassword))
                .post("/api/v1/auth/signup").then().statusCode(201);

        for (int login = 0; login < 6; login++) {
            IdentityApi.login(first.email(), first.password());
        }

        json().body(Map.of("email", first.email(), "password", otherPassword)).post("/api/v1/auth/login").then().statusCode(200);
    }

    @Test
    void aWrongPasswordAndAnUnknownEmailGetTheSameAnswer() {
        Account owner = IdentityApi.signup();

        Response wrongPassword = json().body(Map.of("email", owner.email(), "password", "wrong password!"))
                .post("/api/v1/auth/login");
        Response unknownEmail = json().body(Map.of("email", IdentityApi.newEmail(), "password", "wrong password!"))
                .post("/api/v1/auth/login");

        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(unknownEmail.statusCode()).isEqualTo(401);
        assertThat(wrongPassword.asString()).isEqualTo(unknownEmail.asString());
        assertThat(wrongPassword.<String>path("error_code")).isEqualTo("invalid_credentials");
    }

    @Test
    void fiveWrongPasswordsLockTheAccountEvenAgainstTheRightOne() {
        Account owner = IdentityApi.signup();
        for (int attempt = 0; attempt < 4; attempt++) {
            json().body(Map.of("email", owner.email(), "password", "guess number " + attempt))
                    .post("/api/v1/auth/login").then().statusCode(401);
        }
        IdentityApi.login(owner.email(), owner.password()); // a success resets the count
        for (int attempt = 0; attempt < 5; attempt++) {
            json().body(Map.of("email", owner.email(), "password", "guess number " + attempt))
                    .post("/api/v1/auth/login").then().statusCode(401);
        }

        Response locked = json().body(Map.of("email", owner.email(), "password", owner.password())).post("/api/v1/auth/login");

        assertThat(locked.statusCode()).isEqualTo(401);
        assertThat(locked.<String>path("message")).isEqualTo("Email or password is incorrect");
        assertThat(refusal(owner.basic())).isEqualTo("invalid_credentials");
    }

    @Test
    void basicEmailAndPasswordAuthenticatesAndAWrongOneDoesNot() {
        Account owner = IdentityApi.signup();

        IdentityApi.authenticate(owner.basic()).then().statusCode(200)
                .body("data.kind", equalTo("user"))
                .body("data.organization_id", equalTo(owner.organization()))
                .body("data.subject", equalTo(owner.userId()));
        assertThat(refusal(IdentityApi.basic(owner.email() + ":not the password"))).isEqualTo("invalid_credentials");
        assertThat(refusal("Basic %%%")).isEqualTo("malformed_basic");
        assertThat(refusal("Digest something")).isEqualTo("unrecognised_credential");
        IdentityApi.authenticate("").then().statusCode(401).body("reason", equalTo("no_credential"));
    }

    @Test
    void refreshRotatesTheRefreshTokenAndAReplayEndsTheSession() {
        Account owner = IdentityApi.signup();

        Response refreshed = json().body(Map.of("refresh_token", owner.refreshToken())).post("/api/v1/auth/refresh");
        refreshed.then().statusCode(200).body("data.refresh_token", startsWith("epr_"));
        String newRefresh = refreshed.path("data.refresh_token");
        String newSession = refreshed.path("data.token");
        assertThat(newRefresh).isNotEqualTo(owner.refreshToken());
        IdentityApi.authenticate("Bearer " + newSession).then().statusCode(200);

        json().body(Map.of("refresh_token", owner.refreshToken())).post("/api/v1/auth/refresh").then().statusCode(401)
                .body("error_code", equalTo("invalid_refresh_token"));
        assertThat(refusal("Bearer " + newSession)).isEqualTo("session_ended");
        json().body(Map.of("refresh_token", newRefresh)).post("/api/v1/auth/refresh").then().statusCode(401);
        json().body(Map.of("refresh_token", "epr_made-up")).post("/api/v1/auth/refresh").then().statusCode(401);
    }

    @Test
    void twoRefreshesWithOneTokenAtOnceHaveOneWinnerWhoseSessionTheReplayEnds() throws Exception {
        Account owner = IdentityApi.signup();
        Callable<Response> refresh = () -> json().body(Map.of("refresh_token", owner.refreshToken())).post("/api/v1/auth/refresh");
        ExecutorService callers = Executors.newFixedThreadPool(2);
        List<Response> answers;
        try {
            List<Future<Response>> both = callers.invokeAll(List.of(refresh, refresh));
            answers = List.of(both.get(0).get(), both.get(1).get());
        } finally {
            callers.shutdownNow();
        }

        assertThat(answers).extracting(Response::statusCode).containsExactlyInAnyOrder(200, 401);
        Response winner = answers.stream().filter(answer -> answer.statusCode() == 200).findFirst().orElseThrow();
        assertThat(refusal("Bearer " + winner.path("data.token"))).isEqualTo("session_ended");
        json().body(Map.of("refresh_token", winner.<String>path("data.refresh_token"))).post("/api/v1/auth/refresh").then()
                .statusCode(401).body("error_code", equalTo("invalid_refresh_token"));
    }

    @Test
    void logoutWithARefreshTokenEndsThatSessionOnly() {
        Account owner = IdentityApi.signup();
        Account second = IdentityApi.login(owner.email(), owner.password());

        as(owner).body(Map.of("refresh_token", second.refreshToken())).post("/api/v1/auth/logout").then().statusCode(204);

        assertThat(refusal(second.bearer())).isEqualTo("session_ended");
        json().body(Map.of("refresh_token", second.refreshToken())).post("/api/v1/auth/refresh").then().statusCode(401);
        IdentityApi.authenticate(owner.bearer()).then().statusCode(200);
        as(IdentityApi.signup()).body(Map.of("refresh_token", owner.refreshToken())).post("/api/v1/auth/logout").then()
                .statusCode(204);
        IdentityApi.authenticate(owner.bearer()).then().statusCode(200); // another organization's logout ends nothing
    }

    @Test
    void logoutEndsTheSession() {
        Account owner = IdentityApi.signup();
        as(owner).body(Map.of("refresh_tokn", "typo")).post("/api/v1/auth/logout").then().statusCode(422)
                .body("errors.field", hasItem("refresh_tokn"));
        IdentityApi.authenticate(owner.bearer()).then().statusCode(200);

        as(owner).post("/api/v1/auth/logout").then().statusCode(204);

        assertThat(refusal(owner.bearer())).isEqualTo("session_ended");
        json().body(Map.of("refresh_token", owner.refreshToken())).post("/api/v1/auth/refresh").then().statusCode(401);
    }

    @Test
    void aSessionTokenWithOneChangedByteIsRefused() {
        Account owner = IdentityApi.signup();
        String token = owner.sessionToken();
        for (int position : new int[] { 10, token.indexOf('.') + 5, token.length() - 5 }) {
            char[] chars = token.toCharArray();
            chars[position] = chars[position] == 'A' ? 'B' : 'A';

            assertThat(refusal("Bearer " + new String(chars))).isEqualTo("invalid_session_token");
        }
    }

    @Test
    void aSessionTokenIsNotAnInternalToken() {
        Account owner = IdentityApi.signup();

        json().header("Authorization", owner.bearer()).get("/api/v1/me").then().statusCode(401)
                .body("error_code", equalTo("unauthorized"));
        json().get("/api/v1/me").then().statusCode(401);
    }
}
