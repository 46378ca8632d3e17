package dev.entrepot.bench;

import static dev.entrepot.bench.Load.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/**
 * The gateway benchmark, run by {@code ./entrepot bench gateway}, which starts everything it needs:
 * <ol>
 * <li>the cost of the gateway: one cheap GET (a brand by id) sent by wrk straight to catalog-service with
 * an internal token, through the gateway with an API key (rate limiter on, the limit set out of reach),
 * through nginx as a plain reverse proxy and through {@link ProxyFloor}, in one run; throughput and CPU per
 * proxied request (from /proc) at saturation, latency at light load;</li>
 * <li>the accuracy of the shared limit: twice the allowed rate, spread over two gateway replicas with a
 * 10-second window, and what they admitted.</li>
 * </ol>
 */
public final class GatewayBenchmark {

    private static final int SECONDS = Integer.getInteger("bench.seconds", 15);
    private static final Pattern THROUGHPUT = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");

    private final Vertx vertx = Vertx.vertx();
    private final Load load = new Load(vertx);
    private final HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(64));
    private final BenchApi api = new BenchApi(http);

    record Wrk(double throughput, double p50, double p99, long failures, long requests) {
        WarmUp.Round round() {
            return new WarmUp.Round(requests, requests / throughput);
        }

        String line(String scenario) {
            return String.format(Locale.ROOT, "%-62s %8.0f req/s   p50 %7.2f ms   p99 %7.2f ms%s", scenario, throughput, p50,
                    p99, failures == 0 ? "" : "   NON-2XX " + failures);
        }
    }

    static final int FLOOR_PORT = 18192;

    /** Arguments: identity, catalog, gateway, nginx, then the two rate-limited gateways, each host:port. */
    public static void main(String[] args) throws Exception {
        GatewayBenchmark bench = new GatewayBenchmark();
        try {
            bench.run(args[0], args[1], args[2], args[3], args[4], args[5]);
        } finally {
            bench.vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    void run(String identity, String catalog, String gateway, String nginx, String limitedA, String limitedB) throws Exception {
        String key = api.newOrganizationKey(gateway, "Gateway benchmark");
        String brand = await(api.send(HttpMethod.POST, gateway, "/api/v1/brands", new JsonObject().put("name", "Benchmark brand"),
                key, 201)).getJsonObject("data").getString("id");
        String path = "/api/v1/brands/" + brand;

        // The JIT takes a minute or more of load to settle on two shared cores: measure only once WarmUp says so.
        Process floorProcess = JavaProcess.start(ProxyFloor.class, Integer.toString(FLOOR_PORT), catalog);
        String floor = "127.0.0.1:" + FLOOR_PORT;
        CpuMeter cpu = CpuMeter.fromProperty().with("proxy floor", floorProcess.pid());
        String warmUpToken = internalToken(identity, key);
        WarmUp.untilSettled(cpu, List.of("catalog-service", "gateway", "nginx", "proxy floor"), List.of(
                () -> wrk(catalog, path, warmUpToken, 16, 5).round(), () -> wrk(gateway, path, key, 16, 5).round(),
                () -> wrk(nginx, path, warmUpToken, 16, 5).round(), () -> wrk(floor, path, warmUpToken, 16, 5).round()));
        // An internal token lives 5 minutes, longer than the runs below.
        String internal = internalToken(identity, key);

        List<String> lines = new ArrayList<>();
        List<String> cpuTables = new ArrayList<>();
        CpuMeter.Sample start = cpu.sample();
        Wrk direct = wrk(catalog, path, internal, 16, SECONDS);
        CpuMeter.Sample afterDirect = cpu.sample();
        Wrk proxied = wrk(gateway, path, key, 16, SECONDS);
        CpuMeter.Sample afterProxied = cpu.sample();
        Wrk plain = wrk(nginx, path, internal, 16, SECONDS);
        CpuMeter.Sample afterPlain = cpu.sample();
        Wrk bare = wrk(floor, path, internal, 16, SECONDS);
        CpuMeter.Sample afterBare = cpu.sample();
        lines.add(direct.line("GET brand, straight to catalog-service, 16 connections"));
        lines.add(proxied.line("GET brand, through the gateway (API key), 16 connections"));
        lines.add(plain.line("GET brand, through nginx, 16 connections"));
        lines.add(bare.line("GET brand, through a bare Vert.x proxy (floor), 16 connections"));
        lines.add(String.format(Locale.ROOT, "  throughput kept: gateway %.2f, nginx %.2f, bare Vert.x proxy %.2f of direct; gateway/nginx %.2f",
                proxied.throughput / direct.throughput, plain.throughput / direct.throughput, bare.throughput / direct.throughput,
                proxied.throughput / plain.throughput));
        double gatewayCpu = CpuMeter.processPerUnit(afterDirect, afterProxied, proxied.requests, "gateway");
        double nginxCpu = CpuMeter.processPerUnit(afterProxied, afterPlain, plain.requests, "nginx");
        double floorCpu = CpuMeter.processPerUnit(afterPlain, afterBare, bare.requests, "proxy floor");
        lines.add(String.format(Locale.ROOT, "  CPU per proxied request: gateway %.0f µs, nginx %.0f µs, bare Vert.x proxy %.0f µs; gateway/nginx %.2fx, floor/nginx %.2fx",
                1000 * gatewayCpu, 1000 * nginxCpu, 1000 * floorCpu, gatewayCpu / nginxCpu, floorCpu / nginxCpu));
        lines.add(String.format(Locale.ROOT, "  CPU of catalog-service per request: alone %.0f µs, behind the gateway %.0f µs, behind nginx %.0f µs",
                1000 * CpuMeter.processPerUnit(start, afterDirect, direct.requests, "catalog-service"),
                1000 * CpuMeter.processPerUnit(afterDirect, afterProxied, proxied.requests, "catalog-service"),
                1000 * CpuMeter.processPerUnit(afterProxied, afterPlain, plain.requests, "catalog-service")));
        cpuTables.add("Through the gateway, 16 connections:\n" + CpuMeter.table(afterDirect, afterProxied, proxied.requests, "request"));
        cpuTables.add("Through nginx, 16 connections:\n" + CpuMeter.table(afterProxied, afterPlain, plain.requests, "request"));
        cpuTables.add("Through the bare Vert.x proxy, 16 connections:\n" + CpuMeter.table(afterPlain, afterBare, bare.requests, "request"));
        JavaProcess.stop(floorProcess);
        Wrk directLight = wrk(catalog, path, internal, 1, SECONDS);
        Wrk proxiedLight = wrk(gateway, path, key, 1, SECONDS);
        Wrk plainLight = wrk(nginx, path, internal, 1, SECONDS);
        lines.add(directLight.line("GET brand, straight to catalog-service, 1 connection"));
        lines.add(proxiedLight.line("GET brand, through the gateway (API key), 1 connection"));
        lines.add(plainLight.line("GET brand, through nginx, 1 connection"));
        lines.add(String.format(Locale.ROOT, "  added at 1 connection: gateway p50 %+.2f ms p99 %+.2f ms; nginx p50 %+.2f ms p99 %+.2f ms",
                proxiedLight.p50 - directLight.p50, proxiedLight.p99 - directLight.p99, plainLight.p50 - directLight.p50,
                plainLight.p99 - directLight.p99));
        lines.add(String.format(Locale.ROOT, "  added at 16 connections: gateway p99 %+.2f ms; nginx p99 %+.2f ms",
                proxied.p99 - direct.p99, plain.p99 - direct.p99));

        // Its own organization: the reads above would count in the same Redis window.
        if (Boolean.parseBoolean(System.getProperty("bench.accuracy", "true"))) {
            lines.add(accuracy(limitedA, limitedB, api.newOrganizationKey(limitedA, "Gateway benchmark")));
        }

        System.out.println();
        System.out.println("Gateway benchmark: " + SECONDS + " s per scenario, wrk, "
                + Runtime.getRuntime().availableProcessors() + " cores shared by wrk, gateway, services, nginx, Redis and PostgreSQL");
        lines.forEach(System.out::println);
        System.out.println();
        cpuTables.forEach(System.out::print);
    }

    /** What the gateway sends a service for this key: identity-service's internal token. */
    private String internalToken(String identity, String key) throws Exception {
        return "Bearer " + await(api.send(HttpMethod.POST, identity, "/internal/v1/authenticate",
                new JsonObject().put("authorization", key), null, 200)).getJsonObject("data").getString("token");
    }

    /**
     * Twice the limit (200 reads per 10 s) for 60 s, alternating between two replicas; the sliding
     * window should admit the limit in every window, so 6 windows' worth in all.
     */
    private String accuracy(String replicaA, String replicaB, String key) throws Exception {
        int limit = 200;
        int windowSeconds = 10;
        int seconds = 60;
        AtomicLong admitted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        load.openLoop(2 * limit / windowSeconds, Duration.ofSeconds(seconds), () -> {
            String replica = sent.getAndIncrement() % 2 == 0 ? replicaA : replicaB;
            return http.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(BenchApi.host(replica)).setPort(BenchApi.port(replica))
                    .setURI("/api/v1/brands?limit=1").putHeader("Authorization", key))
                    .compose(request -> request.send())
                    .compose(response -> response.body().map(body -> {
                        if (response.statusCode() == 200) {
                            admitted.incrementAndGet();
                        } else if (response.statusCode() == 429) {
                            refused.incrementAndGet();
                        } else {
                            throw new IllegalStateException("answered " + response.statusCode() + ": " + body);
                        }
                        return body;
                    }));
        });
        long expected = (long) limit * seconds / windowSeconds;
        return String.format(Locale.ROOT,
                "rate limit %d per %d s, 2x load (%d req/s) over two replicas for %d s: admitted %d, refused %d; expected %d (%+.1f%%)",
                limit, windowSeconds, 2 * limit / windowSeconds, seconds, admitted.get(), refused.get(), expected,
                100.0 * (admitted.get() - expected) / expected);
    }

    private static Wrk wrk(String target, String path, String authorization, int connections, int seconds)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--latency",
                "-H", "Authorization: " + authorization, "http://" + target + path).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + output);
        }
        Matcher failures = NON_2XX.matcher(output);
        return new Wrk(number(THROUGHPUT, output), percentile("50", output), percentile("99", output),
                failures.find() ? Long.parseLong(failures.group(1)) : 0, (long) number(REQUESTS, output));
    }

    private static double number(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + pattern + " in wrk's output:\n" + output);
        }
        return Double.parseDouble(matcher.group(1));
    }

    /** wrk prints e.g. "     99%    3.21ms" (or us, or s). */
    private static double percentile(String which, String output) {
        Matcher matcher = Pattern.compile("\\s" + which + "%\\s+([0-9.]+)(us|ms|s)").matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + which + "% in wrk's output:\n" + output);
        }
        double value = Double.parseDouble(matcher.group(1));
        return switch (matcher.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }
}
