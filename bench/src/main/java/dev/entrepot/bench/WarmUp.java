package dev.entrepot.bench;

import static dev.entrepot.bench.Load.say;

import java.util.List;
import java.util.Locale;

/**
 * Rounds of load against each target in turn until the JIT has settled: at least 4 rounds, and until, two rounds
 * in a row, no target's throughput rose more than 5% over its previous round and no target's own CPU per request
 * fell more than 5% (at most {@code -Dbench.warm-up-rounds}, 20 by default; one noisy round alone ends nothing).
 * Still improving means still compiling; a worse round is this machine's noise. On two shared cores a service needs
 * a minute or more of its own load: measured after 15 s, the catalog's get-by-id cost three times its settled CPU,
 * and after 12 rounds (a minute of its own load) it was still getting cheaper.
 */
final class WarmUp {

    /** One round against one target: how many requests it answered, in how many seconds. */
    record Round(long requests, double seconds) {
        double throughput() {
            return requests / seconds;
        }
    }

    interface Target {
        Round run() throws Exception;
    }

    private static final int MAX_ROUNDS = Integer.getInteger("bench.warm-up-rounds", 20);

    private WarmUp() {
    }

    /** {@code processes.get(i)} is the process (as {@link CpuMeter} names it) whose CPU {@code targets.get(i)} spends. */
    static void untilSettled(CpuMeter cpu, List<String> processes, List<Target> targets) throws Exception {
        double[] previous = new double[targets.size()];
        double[] previousCpu = new double[targets.size()];
        int settledRounds = 0;
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            boolean settled = true;
            StringBuilder figures = new StringBuilder();
            for (int i = 0; i < targets.size(); i++) {
                CpuMeter.Sample before = cpu.sample();
                Round run = targets.get(i).run();
                double perRequest = CpuMeter.processPerUnit(before, cpu.sample(), Math.max(1, run.requests()), processes.get(i));
                settled &= run.throughput() <= 1.05 * previous[i] && perRequest >= 0.95 * previousCpu[i];
                previous[i] = run.throughput();
                previousCpu[i] = perRequest;
                figures.append(String.format(Locale.ROOT, " %s %.0f/s %.0f µs;", processes.get(i), run.throughput(), 1000 * perRequest));
            }
            say("warming up, round " + round + ":" + figures);
            settledRounds = settled ? settledRounds + 1 : 0;
            if (settledRounds >= 2 && round >= 4) {
                return;
            }
        }
        say("still not settled after " + MAX_ROUNDS + " rounds (a noisy machine): measuring anyway");
    }
}
