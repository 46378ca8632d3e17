package dev.entrepot.catalog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A request's log lines carry its trace id, and a caller's W3C trace context is continued rather
 * than replaced (the context travels across REST calls).
 */
@QuarkusTest
@RealInfrastructure(database = "catalog")
class TraceContextTest {

    private final List<String> loggedTraceIds = new CopyOnWriteArrayList<>();
    private final Logger probeLogger = Logger.getLogger(TraceProbeResource.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (TraceProbeResource.MESSAGE.equals(record.getMessage()) && record instanceof ExtLogRecord ext) {
                loggedTraceIds.add(ext.getMdc("traceId"));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        probeLogger.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        probeLogger.removeHandler(capture);
    }

    @Test
    void continuesTheCallersTraceAndLogsItsId() {
        String traceId = UUID.randomUUID().toString().replace("-", "");

        String answered = given().header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-00")
                .when().get("/test/trace-probe")
                .then().statusCode(200).extract().asString();

        assertThat(answered).isEqualTo(traceId);
        assertThat(loggedTraceIds).containsExactly(traceId);
    }

    @Test
    void startsATraceForARequestWithoutOneAndLogsItsId() {
        String answered = given().when().get("/test/trace-probe")
                .then().statusCode(200).extract().asString();

        assertThat(answered).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
        assertThat(loggedTraceIds).containsExactly(answered);
    }
}
