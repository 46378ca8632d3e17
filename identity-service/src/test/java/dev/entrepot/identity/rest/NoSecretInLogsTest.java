package dev.entrepot.identity.rest;

import static dev.entrepot.identity.rest.IdentityApi.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.junit.jupiter.api.Test;

import dev.entrepot.identity.rest.IdentityApi.Account;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every credential identity-service sees or makes, through every path that handles it (including the
 * refusals and the lockout), and not one of them in any log line, access log included.
 */
@QuarkusTest
@RealInfrastructure(database = "identity")
class NoSecretInLogsTest {

    /** Keeps every log line of the application, formatted as a log handler would print it. */
    static final class Capture extends Handler {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            StringBuilder line = new StringBuilder(formatter.formatMessage(record));
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            lines.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void noPasswordKeyOrTokenIsEverLogged() {
        Capture capture = new Capture();
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        List<String> secrets = new ArrayList<>();
        try {
            String password = "unlogged password " + UUID.randomUUID();
            String email = IdentityApi.newEmail();
            secrets.add(password);
            IdentityApi.json().body(Map.of("organization", "Quiet shop", "email", email, "password", password))
                    .post("/api/v1/auth/signup").then().statusCode(201);
            for (int attempt = 0; attempt < 6; attempt++) { // wrong passwords up to the lockout
                String wrong = "wrong password " + UUID.randomUUID();
                secrets.add(wrong);
                IdentityApi.json().body(Map.of("email", email, "password", wrong)).post("/api/v1/auth/login")
                        .then().statusCode(401);
                IdentityApi.authenticate(IdentityApi.basic(email + ":" + wrong)).then().statusCode(401);
            }
            Account owner = IdentityApi.signup();
            secrets.add(owner.sessionToken());
            secrets.add(owner.refreshToken());
            String refreshed = IdentityApi.json().body(Map.of("refresh_token", owner.refreshToken()))
                    .post("/api/v1/auth/refresh").path("data.refresh_token");
            secrets.add(refreshed);
            IdentityApi.json().body(Map.of("refresh_token", owner.refreshToken())).post("/api/v1/auth/refresh")
                    .then().statusCode(401); // the replay that ends the session
            Account again = IdentityApi.login(owner.email(), owner.password());
            secrets.add(again.sessionToken());
            secrets.add(again.refreshToken());
            secrets.add(IdentityApi.internalToken(again.bearer()));
            String integration = IdentityApi.createIntegration(again, IdentityApi.newName("quiet"));
            String key = IdentityApi.createKey(again, integration);
            secrets.add(key);
            IdentityApi.authenticate(key).then().statusCode(200);
            IdentityApi.authenticate(IdentityApi.basic(key + ":")).then().statusCode(200);
            Map<String, Object> tokenRequest = new HashMap<>();
            tokenRequest.put("name", "quiet");
            tokenRequest.put("expires_in", null);
            String accessToken = as(again).body(tokenRequest).post("/api/v1/auth/access-tokens").path("data.token");
            secrets.add(accessToken);
            IdentityApi.authenticate("Bearer " + accessToken).then().statusCode(200);
            IdentityApi.authenticate(key.substring(0, 40) + "xxxxxxx").then().statusCode(401);
            as(again).post("/api/v1/auth/logout").then().statusCode(204);
        } finally {
            root.removeHandler(capture);
        }

        List<String> lines = new ArrayList<>(capture.lines);
        assertThat(lines).as("the access log and identity's own lines were captured")
                .anyMatch(line -> line.contains("/internal/v1/authenticate"))
                .anyMatch(line -> line.contains("locked"));
        for (String secret : secrets) {
            String distinctive = secret.length() > 20 ? secret.substring(secret.length() - 20) : secret;
            assertThat(lines).as("log lines containing a secret").noneMatch(line -> line.contains(distinctive));
        }
    }
}
