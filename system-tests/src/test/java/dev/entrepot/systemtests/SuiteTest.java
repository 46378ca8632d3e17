package dev.entrepot.systemtests;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.restassured.RestAssured;

/**
 * A system test class: the five packaged applications run as processes for its tests, then stop. Every
 * REST Assured call of its tests is checked against the public API's OpenAPI document ({@link Contract}).
 */
abstract class SuiteTest {

    protected static Suite suite;

    @BeforeAll
    static void startSuite() throws Exception {
        RestAssured.replaceFiltersWith(Contract.filter());
        suite = Suite.start();
    }

    @AfterAll
    static void stopSuite() {
        System.out.println(Contract.summary());
        if (suite != null) {
            suite.close();
            suite = null;
        }
    }
}
