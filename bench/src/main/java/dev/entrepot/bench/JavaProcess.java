package dev.entrepot.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Verticle;
import io.vertx.core.Vertx;

/** A reference server of a benchmark ({@link ReadCeiling}, {@link ProxyFloor}) in a JVM of its own, so its CPU is counted apart. */
final class JavaProcess {

    private JavaProcess() {
    }

    /** Starts {@code main} from this benchmark's own class path and waits until it prints {@code ready}. */
    static Process start(Class<?> main, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = output.readLine();
        if (!"ready".equals(line)) {
            process.destroy();
            throw new IllegalStateException(main.getSimpleName() + " did not start: " + line);
        }
        // Whatever it prints later (a blocked-thread warning) must never fill the pipe and stall it mid-run.
        Thread drain = new Thread(() -> output.lines().forEach(ignored -> {
        }), main.getSimpleName() + " output");
        drain.setDaemon(true);
        drain.start();
        return process;
    }

    /** Stops a reference server and waits until it has, so its shutdown does not overlap the next scenario. */
    static void stop(Process process) throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** In the child: one verticle per core, then {@code ready} for {@link #start}; a failure to start ends the JVM. */
    static void serve(Vertx vertx, Supplier<Verticle> verticle) {
        vertx.deployVerticle(verticle, new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
                .onSuccess(ignored -> System.out.println("ready"))
                .onFailure(failure -> {
                    failure.printStackTrace();
                    System.exit(1);
                });
    }
}
