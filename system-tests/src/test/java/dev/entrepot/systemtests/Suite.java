package dev.entrepot.systemtests;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.entrepot.platform.testing.KafkaEvents;
import dev.entrepot.platform.testing.LocalServices;

/**
 * The whole suite as real processes: each packaged application started with {@code java -jar} on a
 * port of the 1808x range (so a suite started by {@code ./entrepot up} on 808x can keep running; their
 * management interfaces are on 1908x), on
 * freshly created {@code st_*} databases, against the real local PostgreSQL, Redis and Kafka.
 * Each application's output goes to {@code system-tests/target/suite/<app>.log}. Every event they publish
 * is checked against the AsyncAPI document the gateway serves ({@link EventContract}) and fails the suite's test class when it stops.
 */
final class Suite implements AutoCloseable {

    enum App {
        GATEWAY("gateway", 18080, null),
        CATALOG("catalog-service", 18081, "st_catalog"),
        ORDERS("orders-service", 18082, "st_orders"),
        IDENTITY("identity-service", 18083, "st_identity"),
        INTEGRATIONS("integrations-service", 18084, "st_integrations");

        final String module;
        final int port;
        final String database;

        App(String module, int port, String database) {
            this.module = module;
            this.port = port;
            this.database = database;
        }

        URI baseUri() {
            return URI.create("http://127.0.0.1:" + port);
        }

        /** The management interface (metrics): the HTTP port plus 1000, as every app derives it (README, "Modules and ports"). */
        URI managementUri() {
            return URI.create("http://127.0.0.1:" + (port + 1000));
        }
    }

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final String KAFKA = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    private static final String RUN = UUID.randomUUID().toString();
    private static final String CATALOG_GROUP = "st-catalog-" + RUN;
    private static final String ORDERS_GROUP = "st-orders-" + RUN;

    private final Path root = Path.of(System.getProperty("entrepot.root", "..")).toAbsolutePath().normalize();
    private final Path logs = root.resolve("system-tests/target/suite");
    private final Map<App, Process> processes = new EnumMap<>(App.class);
    private final List<Process> extraGateways = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private EventContract events;

    static Suite start() throws Exception {
        Suite suite = new Suite();
        try {
            suite.launchAll();
            suite.awaitReady();
            return suite;
        } catch (Exception | AssertionError e) {
            suite.close();
            throw e;
        }
    }

    private final String signingKeySecret = randomSecret();
    private final String secretsMasterKey = randomSecret();

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private void launchAll() throws IOException {
        Files.createDirectories(logs);
        // The saga's consumers get groups of this run, set to start at the topics' ends: a long-lived
        // broker's history (other runs, benchmarks) is not theirs to replay.
        KafkaEvents.startGroupAtEnd(KAFKA, CATALOG_GROUP, List.of("orders.orders"));
        KafkaEvents.startGroupAtEnd(KAFKA, ORDERS_GROUP, List.of("catalog.inventory"));
        KafkaEvents.startGroupAtEnd(KAFKA, ORDERS_GROUP + "-catalog-prices", List.of("catalog.products"));
        events = new EventContract(root.resolve("gateway/target/classes/public-api/asyncapi.yaml"), KAFKA);
        for (App app : App.values()) {
            if (app.database != null) {
                LocalServices.administer("DROP DATABASE IF EXISTS " + app.database + " WITH (FORCE)",
                        "CREATE DATABASE " + app.database);
            }
            processes.put(app, launch(app.module, app.port, app.database, Map.of(), app.module));
        }
    }

    /**
     * Another gateway replica on {@code port}, with this suite's services behind it and {@code settings}
     * as extra environment; its log is {@code gateway-<port>.log}. It stops with the suite.
     */
    URI startGateway(int port, Map<String, String> settings) throws Exception {
        Process process = launch(App.GATEWAY.module, port, null, settings, "gateway-" + port);
        extraGateways.add(process);
        URI uri = URI.create("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        // Liveness, not readiness: a gateway told to refuse without Redis is alive but rightly not ready.
        while (!answers(uri.resolve("/q/health/live"))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("gateway on " + port + " did not start:\n" + tail("gateway-" + port));
            }
            Thread.sleep(250);
        }
        return uri;
    }

    /** Stops one application of the suite, as an outage would. */
    void stop(App app) throws InterruptedException {
        Process process = processes.remove(app);
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Kills one application with SIGKILL (kill -9): no shutdown hook, no commit, no goodbye. */
    void kill(App app) throws InterruptedException {
        Process process = processes.remove(app);
        if (process != null) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts a stopped or killed application again (its log continues) and waits until it is ready. */
    void restart(App app) throws Exception {
        processes.put(app, launch(app.module, app.port, app.database, Map.of(), app.module + "-restarted"));
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!ready(app)) {
            if (!processes.get(app).isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(app.module + " did not start again:\n" + tail(app.module + "-restarted"));
            }
            Thread.sleep(250);
        }
    }

    /**
     * Stops ({@code stop}) or starts ({@code start}) the Kafka broker through {@code ./entrepot kafka},
     * which runs it; for an outage in the middle of a test.
     */
    void kafka(String action) throws Exception {
        Process script = new ProcessBuilder(root.resolve("entrepot").toString(), "kafka", action)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve("kafka-outage.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!script.waitFor(120, TimeUnit.SECONDS) || script.exitValue() != 0) {
            throw new IllegalStateException("./entrepot kafka " + action + " failed:\n" + tail("kafka-outage"));
        }
    }

    private Process launch(String module, int port, String database, Map<String, String> settings, String logName)
            throws IOException {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the applications first (./mvnw verify builds them)");
        }
        if (portInUse(port)) {
            throw new IllegalStateException("port " + port + " for " + module + " is already taken by another process");
        }
        if (!settings.containsKey("MANAGEMENT_PORT") && portInUse(port + 1000)) {
            throw new IllegalStateException("port " + (port + 1000) + " for the management interface of " + module
                    + " is already taken by another process");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(logName + ".log").toFile());
        Map<String, String> environment = builder.environment();
        environment.put("HTTP_PORT", String.valueOf(port));
        // Internal tokens come from this suite's identity-service, whose keys are sealed with a secret of this run.
        environment.put("INTERNAL_TOKEN_KEYS", App.IDENTITY.baseUri().resolve("/.well-known/jwks.json").toString());
        environment.put("SIGNING_KEY_SECRET", signingKeySecret);
        environment.put("SECRETS_MASTER_KEYS", "1=" + secretsMasterKey);
        environment.put("IDENTITY_URL", App.IDENTITY.baseUri().toString());
        environment.put("CATALOG_URL", App.CATALOG.baseUri().toString());
        environment.put("ORDERS_URL", App.ORDERS.baseUri().toString());
        environment.put("INTEGRATIONS_URL", App.INTEGRATIONS.baseUri().toString());
        if (database != null) {
            environment.put("DB_NAME", database);
        }
        if (module.equals(App.GATEWAY.module)) {
            // Every test signs up and logs in from 127.0.0.1: the limits of the public endpoints per address
            // and per email are one test's subject (GatewayIT), which starts a gateway of its own with them.
            for (String limit : List.of("RATE_LIMIT_SIGNUP", "RATE_LIMIT_LOGIN", "RATE_LIMIT_LOGIN_PER_EMAIL", "RATE_LIMIT_REFRESH",
                    "RATE_LIMIT_OAUTH_CALLBACK")) {
                environment.put(limit, "1000000/1m");
            }
        }
        if (module.equals(App.INTEGRATIONS.module)) {
            // The OAuth providers of the tests are servers on this machine (an operator's exception, as for a
            // provider on a private network); every other private address is still refused.
            environment.put("CONNECTORS_ALLOWED_PRIVATE_HOSTS", "127.0.0.1");
        }
        if (module.equals(App.CATALOG.module)) {
            environment.put("MP_MESSAGING_INCOMING__ORDERS_ORDERS__GROUP_ID", CATALOG_GROUP);
        } else if (module.equals(App.ORDERS.module)) {
            environment.put("MP_MESSAGING_INCOMING__CATALOG_INVENTORY__GROUP_ID", ORDERS_GROUP);
            environment.put("CATALOG_PRICES_GROUP", ORDERS_GROUP + "-catalog-prices");
        }
        environment.putAll(settings);
        return builder.start();
    }

    private void awaitReady() throws Exception {
        awaitProcessesReady();
        KafkaEvents.awaitAssigned(KAFKA, CATALOG_GROUP, "orders.orders");
        KafkaEvents.awaitAssigned(KAFKA, ORDERS_GROUP, "catalog.inventory");
    }

    private void awaitProcessesReady() throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        List<App> waiting = new ArrayList<>(List.of(App.values()));
        while (!waiting.isEmpty()) {
            for (App app : List.copyOf(waiting)) {
                Process process = processes.get(app);
                if (!process.isAlive()) {
                    throw new IllegalStateException(app.module + " exited with " + process.exitValue() + ":\n" + tail(app));
                }
                if (ready(app)) {
                    waiting.remove(app);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not ready after " + READY_TIMEOUT.toSeconds() + " s: " + waiting
                        + "\n" + tail(waiting.get(0)));
            }
            Thread.sleep(250);
        }
    }

    private boolean ready(App app) throws InterruptedException {
        return answers(app.baseUri().resolve("/q/health/ready"));
    }

    private boolean answers(URI health) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYetListening) {
            return false;
        }
    }

    /** The last lines of an application's log, for a failure message. */
    String tail(App app) {
        return tail(app.module);
    }

    private String tail(String logName) {
        try {
            List<String> lines = Files.readAllLines(log(logName));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The log file of an application of the suite ({@code gateway-<port>} for an extra gateway). */
    Path log(String logName) {
        return logs.resolve(logName + ".log");
    }

    @Override
    public void close() {
        List<Process> all = new ArrayList<>(processes.values());
        all.addAll(extraGateways);
        all.forEach(Process::destroy);
        for (Process process : all) {
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        extraGateways.clear();
        if (events != null) {
            EventContract stopping = events;
            events = null;
            try {
                stopping.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean portInUse(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException free) {
            return false;
        }
    }

}
