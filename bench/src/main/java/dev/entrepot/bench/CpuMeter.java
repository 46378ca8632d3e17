package dev.entrepot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time spent by the processes that do the work, read from {@code /proc}: by process and, inside each, by
 * thread group (a thread's name without its number: {@code C2 CompilerThread}, {@code vert.x-eventloop-thread},
 * {@code executor-thread}, {@code outbox-relay}, ...). PostgreSQL is every process named {@code postgres}
 * (its backends come and go with the pools); the load generator is this process, reported apart.
 */
final class CpuMeter {

    /** What the kernel counts CPU time in: USER_HZ, 100 on every Linux this runs on. */
    private static final double MILLIS_PER_TICK = 10.0;
    static final String LOAD_GENERATOR = "load generator";
    /** The key of a process's whole count among its thread groups. */
    private static final String WHOLE = "(whole process)";
    /** What ended threads (or ended PostgreSQL backends, through the postmaster's children's count) took. */
    private static final String ENDED = "threads that ended";
    /** PostgreSQL's processes are counted one by one ("role|pid"), and its ended ones through the postmaster. */
    private static final String PID = "|";
    private static final String REAPED = "(ended backends, whole lives)";
    static final String POSTGRES = "postgresql";

    private final Map<String, Long> processes = new LinkedHashMap<>();

    /** The processes {@code ./entrepot bench} names in {@code -Dbench.processes}. */
    static CpuMeter fromProperty() {
        return of(System.getProperty("bench.processes", ""));
    }

    /** This meter and one more process, started by the benchmark itself. */
    CpuMeter with(String name, long pid) {
        processes.put(name, pid);
        return this;
    }

    /** {@code name=pid,name=pid,...}: the suite's processes (Kafka, Redis, the services); PostgreSQL is found by name. */
    static CpuMeter of(String spec) {
        CpuMeter meter = new CpuMeter();
        for (String entry : spec.split(",")) {
            String[] pair = entry.strip().split("=");
            if (pair.length == 2 && !pair[1].isBlank()) {
                meter.processes.put(pair[0].strip(), Long.parseLong(pair[1].strip()));
            }
        }
        return meter;
    }

    /** Ticks by process, then by thread group. */
    record Sample(Map<String, Map<String, Long>> ticks) {
    }

    Sample sample() {
        Map<String, Map<String, Long>> ticks = new LinkedHashMap<>();
        processes.forEach((name, pid) -> ticks.put(name, threadsOf(pid)));
        Map<String, Long> postgres = new TreeMap<>();
        try (Stream<Path> all = Files.list(Path.of("/proc"))) {
            all.filter(dir -> dir.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(dir -> {
                String[] stat = stat(dir.resolve("stat"));
                if (stat != null && stat[0].equals("postgres")) {
                    // a backend's title tells its database or role: "postgres: entrepot orders_bench ..." or a worker
                    String role = postgresRole(dir);
                    // one key per process, so that one that ends is told from the others (see perUnit)
                    postgres.put(role + PID + dir.getFileName(), ticksOf(stat));
                    if (role.equals("postmaster")) {
                        // the backends that have ended, once the postmaster has reaped them: cutime + cstime
                        postgres.put(REAPED, Long.parseLong(stat[14]) + Long.parseLong(stat[15]));
                    }
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        ticks.put(POSTGRES, postgres);
        ticks.put(LOAD_GENERATOR, threadsOf(ProcessHandle.current().pid()));
        return new Sample(ticks);
    }

    /**
     * The CPU of {@code units} units of work between two samples, as a table: milliseconds per unit by process,
     * and under each its thread groups that took at least 2% of it.
     */
    static String table(Sample before, Sample after, long units, String unit) {
        StringBuilder out = new StringBuilder();
        double suite = 0;
        double load = 0;
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Map<String, Long>> process : after.ticks().entrySet()) {
            Map<String, Double> groups = perUnit(before.ticks().getOrDefault(process.getKey(), Map.of()), process.getValue(), units);
            double total = total(groups);
            if (process.getKey().equals(LOAD_GENERATOR)) {
                load = total;
            } else {
                suite += total;
            }
            lines.add(String.format(Locale.ROOT, "  %-22s %7.2f ms/%s", process.getKey(), total, unit));
            groups.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .filter(group -> group.getValue() >= 0.02 * total && group.getValue() >= 0.01)
                    .forEach(group -> lines.add(String.format(Locale.ROOT, "      %-26s %7.2f", group.getKey(), group.getValue())));
        }
        out.append(String.format(Locale.ROOT, "CPU per %s over %d %ss: the suite %.2f ms (load generator apart: %.2f ms)%n",
                unit, units, unit, suite, load));
        lines.forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    /** The suite's CPU per unit between two samples (the load generator left out). */
    static double suitePerUnit(Sample before, Sample after, long units) {
        double suite = 0;
        for (Map.Entry<String, Map<String, Long>> process : after.ticks().entrySet()) {
            if (!process.getKey().equals(LOAD_GENERATOR)) {
                suite += total(perUnit(before.ticks().getOrDefault(process.getKey(), Map.of()), process.getValue(), units));
            }
        }
        return suite;
    }

    /** One process's CPU per unit between two samples, in milliseconds; a process the meter was not given is an error. */
    static double processPerUnit(Sample before, Sample after, long units, String process) {
        if (!after.ticks().containsKey(process) || after.ticks().get(process).isEmpty()) {
            throw new IllegalArgumentException("no CPU figures for " + process + " (is it in -Dbench.processes, and running?)");
        }
        return total(perUnit(before.ticks().getOrDefault(process, Map.of()), after.ticks().get(process), units));
    }

    /**
     * Milliseconds per unit by thread group; the time of threads that ended between the samples (the whole
     * process's count less its live threads') as a group of its own.
     */
    private static Map<String, Double> perUnit(Map<String, Long> was, Map<String, Long> now, long units) {
        if (now.containsKey(REAPED)) {
            return postgresPerUnit(was, now, units);
        }
        Map<String, Double> groups = new TreeMap<>();
        now.forEach((group, ticks) -> {
            long delta = ticks - was.getOrDefault(group, 0L);
            if (delta > 0 && !group.equals(WHOLE)) {
                groups.merge(group, delta * MILLIS_PER_TICK / units, Double::sum);
            }
        });
        if (now.containsKey(WHOLE) && was.containsKey(WHOLE)) {
            double whole = (now.get(WHOLE) - was.get(WHOLE)) * MILLIS_PER_TICK / units;
            double ended = whole - total(groups);
            if (ended > 0) {
                groups.put(ENDED, ended);
            }
        }
        return groups;
    }

    /**
     * PostgreSQL by role: each process's own change; a process that ended between the samples counts for what the
     * postmaster reaped since, less what it had already taken at the first sample.
     */
    private static Map<String, Double> postgresPerUnit(Map<String, Long> was, Map<String, Long> now, long units) {
        Map<String, Double> groups = new TreeMap<>();
        now.forEach((key, ticks) -> {
            if (!key.equals(REAPED)) {
                long delta = ticks - was.getOrDefault(key, 0L);
                groups.merge(key.substring(0, key.indexOf(PID)), delta * MILLIS_PER_TICK / units, Double::sum);
            }
        });
        long ended = now.get(REAPED) - was.getOrDefault(REAPED, 0L);
        for (Map.Entry<String, Long> process : was.entrySet()) {
            if (!process.getKey().equals(REAPED) && !now.containsKey(process.getKey())) {
                ended -= process.getValue();
            }
        }
        if (ended > 0) {
            groups.put(ENDED.replace("threads", "backends"), ended * MILLIS_PER_TICK / units);
        }
        return groups;
    }

    private static double total(Map<String, Double> groups) {
        return groups.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /**
     * A process's threads by group, and under {@link #WHOLE} the process's own count, which keeps the time of
     * threads that have ended (a pool's idle worker, say) and so is the one to total.
     */
    private static Map<String, Long> threadsOf(long pid) {
        Map<String, Long> groups = new TreeMap<>();
        String[] whole = stat(Path.of("/proc", Long.toString(pid), "stat"));
        if (whole != null) {
            groups.put(WHOLE, ticksOf(whole));
        }
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                String[] stat = stat(task.resolve("stat"));
                if (stat != null) {
                    groups.merge(group(stat[0]), ticksOf(stat), Long::sum);
                }
            });
        } catch (IOException e) {
            // the process ended: nothing more to count
        }
        return groups;
    }

    /**
     * A thread's group: its name (the kernel keeps 15 characters) without the number at its end that tells one
     * thread of a pool from another: {@code C2 CompilerThre}, {@code GC Thread}, {@code vert.x-eventloo}.
     */
    static String group(String thread) {
        return thread.replaceAll("[#\\-]?\\d+$", "").replaceAll("[-#\\s]+$", "").strip();
    }

    /** {comm, fields after it...}, or null when the entry is gone. */
    private static String[] stat(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            return null;
        }
        int open = text.indexOf('(');
        int close = text.lastIndexOf(')');
        String[] rest = text.substring(close + 2).split(" ");
        String[] fields = new String[rest.length + 1];
        fields[0] = text.substring(open + 1, close);
        System.arraycopy(rest, 0, fields, 1, rest.length);
        return fields;
    }

    /** utime + stime: fields 14 and 15 of stat, 12 and 13 after the name here. */
    private static long ticksOf(String[] stat) {
        return Long.parseLong(stat[12]) + Long.parseLong(stat[13]);
    }

    private static String postgresRole(Path process) {
        try {
            String title = Files.readString(process.resolve("cmdline")).replace('\0', ' ').strip();
            if (title.startsWith("postgres: ")) {
                String[] words = title.substring("postgres: ".length()).split(" ");
                // "postgres: <cluster>: <user> <db> <client>" on Debian, or "postgres: <user> <db> <client>"
                int at = words.length > 0 && words[0].endsWith(":") ? 1 : 0;
                if (words.length > at + 2 && words[at + 2].contains(".")) {
                    return "backends " + words[at + 1];
                }
                return String.join(" ", List.of(words).subList(at, Math.min(words.length, at + 2)));
            }
            return "postmaster";
        } catch (IOException e) {
            return "gone";
        }
    }
}
