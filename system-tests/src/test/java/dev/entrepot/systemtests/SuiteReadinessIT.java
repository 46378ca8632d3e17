package dev.entrepot.systemtests;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.empty;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.entrepot.systemtests.Suite.App;

/** Every packaged application, started as its own process, becomes ready with all its dependencies up. */
class SuiteReadinessIT extends SuiteTest {

    @ParameterizedTest
    @EnumSource(App.class)
    void applicationIsReadyWithEveryDependencyUp(App app) {
        given().baseUri(app.baseUri().toString())
                .when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks", not(empty()))
                .body("checks.status", everyItem(is("UP")));
    }
}
