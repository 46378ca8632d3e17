package dev.entrepot.systemtests;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A system test class: the five packaged applications run as processes for its tests, then stop. */
abstract class SuiteTest {

    protected static Suite suite;

    @BeforeAll
    static void startSuite() throws Exception {
        suite = Suite.start();
    }

    @AfterAll
    static void stopSuite() {
        if (suite != null) {
            suite.close();
            suite = null;
        }
    }
}
