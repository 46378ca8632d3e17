package dev.entrepot.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Drives asynchronous operations in a closed or an open loop and records their latencies. */
final class Load {

    private final Vertx vertx;

    Load(Vertx vertx) {
        this.vertx = vertx;
    }

    record Result(long requests, long errors, double seconds, double p50, double p99, String firstError) {
        double throughput() {
            return requests / seconds;
        }

        WarmUp.Round round() {
            return new WarmUp.Round(requests, seconds);
        }

        String line(String scenario) {
            return String.format(Locale.ROOT, "%-62s %8.0f req/s   p50 %7.2f ms   p99 %7.2f ms%s", scenario, throughput(),
                    p50, p99, errors == 0 ? "" : "   ERRORS " + errors + " (first: " + firstError + ")");
        }
    }

    /** {@code concurrency} requests always in flight: the most the system under test can do. */
    Result closedLoop(int concurrency, Duration duration, Supplier<Future<?>> operation) throws Exception {
        Recorder recorder = new Recorder();
        long end = System.nanoTime() + duration.toNanos();
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger running = new AtomicInteger(concurrency);
        for (int i = 0; i < concurrency; i++) {
            vertx.runOnContext(ignored -> loop(operation, recorder, end, running, done));
        }
        long start = System.nanoTime();
        done.get();
        return recorder.result((System.nanoTime() - start) / 1e9);
    }

    private void loop(Supplier<Future<?>> operation, Recorder recorder, long end, AtomicInteger running,
            CompletableFuture<Void> done) {
        if (System.nanoTime() >= end) {
            if (running.decrementAndGet() == 0) {
                done.complete(null);
            }
            return;
        }
        long sent = System.nanoTime();
        Future<?> request;
        try {
            request = operation.get();
        } catch (RuntimeException e) {
            request = Future.failedFuture(e);
        }
        request.onComplete(outcome -> {
            recorder.record(sent, outcome.failed() ? outcome.cause() : null);
            loop(operation, recorder, end, running, done);
        });
    }

    /**
     * A fixed arrival rate; each latency counts from when the request was due, not when it went out,
     * so a stall is not hidden (no coordinated omission).
     */
    Result openLoop(int perSecond, Duration duration, Supplier<Future<?>> operation) throws Exception {
        Recorder recorder = new Recorder();
        long start = System.nanoTime();
        long total = perSecond * duration.toSeconds();
        AtomicLong issued = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        CompletableFuture<Void> done = new CompletableFuture<>();
        vertx.setPeriodic(1, timer -> {
            // Request i is due at i / rate: every one whose time has come (i <= elapsed * rate) goes out now.
            long due = Math.min(total, (System.nanoTime() - start) * perSecond / 1_000_000_000L + 1);
            while (issued.get() < due) {
                long dueAt = start + issued.getAndIncrement() * 1_000_000_000L / perSecond;
                operation.get().onComplete(outcome -> {
                    recorder.record(dueAt, outcome.failed() ? outcome.cause() : null);
                    if (completed.incrementAndGet() == total) {
                        done.complete(null);
                    }
                });
            }
            if (issued.get() >= total) {
                vertx.cancelTimer(timer);
            }
        });
        done.get();
        return recorder.result((System.nanoTime() - start) / 1e9);
    }

    static final class Recorder {
        private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        private final AtomicLong errors = new AtomicLong();
        private volatile String firstError;

        void record(long startNanos, Throwable failure) {
            if (failure != null) {
                if (errors.getAndIncrement() == 0) {
                    firstError = failure.getMessage();
                }
                return;
            }
            latencies.add(System.nanoTime() - startNanos);
        }

        Result result(double seconds) {
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            return new Result(sorted.size(), errors.get(), seconds, percentile(sorted, 0.50), percentile(sorted, 0.99), firstError);
        }

        private static double percentile(List<Long> sorted, double quantile) {
            if (sorted.isEmpty()) {
                return Double.NaN;
            }
            return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1)) / 1e6;
        }
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get();
    }

    static void say(String message) {
        System.out.println("bench: " + message);
    }
}
