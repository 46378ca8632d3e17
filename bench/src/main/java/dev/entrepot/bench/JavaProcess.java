package dev.entrepot.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
        String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (!"ready".equals(line)) {
            process.destroy();
            throw new IllegalStateException(main.getSimpleName() + " did not start: " + line);
        }
        return process;
    }
}
