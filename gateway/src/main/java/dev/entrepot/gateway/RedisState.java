package dev.entrepot.gateway;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;

/**
 * The gateway's one Redis connection, with a short memory of failure: after a command fails, Redis is
 * left alone for a moment, so an outage costs each request nothing instead of a connection attempt.
 */
@ApplicationScoped
public class RedisState {

    private static final Logger LOG = Logger.getLogger(RedisState.class);
    static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(1);

    private final RedisAPI redis;
    private volatile long unavailableUntil;
    private volatile boolean down;

    RedisState(RedisAPI redis) {
        this.redis = redis;
    }

    /** False while Redis is paused after a failure. */
    public boolean usable() {
        return unavailableUntil == 0 || System.nanoTime() - unavailableUntil >= 0;
    }

    public boolean down() {
        return down;
    }

    /** Runs a command, bounded by a timeout, and remembers whether Redis answered. */
    public <T> Future<T> call(Function<RedisAPI, Future<Response>> command, Function<Response, T> read) {
        if (!usable()) {
            return Future.failedFuture(new RedisUnavailable("Redis paused after a failure"));
        }
        return command.apply(redis)
                .timeout(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .map(read)
                .onSuccess(answer -> recovered())
                .onFailure(this::failed);
    }

    /** Runs a script of {@code src/main/resources/redis}. */
    public <T> Future<T> call(RedisScript script, List<String> keys, List<String> args, Function<Response, T> read) {
        return call(r -> script.run(r, keys, args), read);
    }

    /** A PING for the readiness check, which also ends a pause early when Redis is back. */
    public Future<Void> ping() {
        return redis.ping(List.of())
                .timeout(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .<Void>mapEmpty()
                .onSuccess(ok -> recovered())
                .onFailure(this::failed);
    }

    private void recovered() {
        if (down) {
            LOG.info("Redis answers again");
        }
        down = false;
        unavailableUntil = 0;
    }

    private void failed(Throwable failure) {
        if (!down) {
            LOG.warnf("Redis failed (%s); counting in this replica's memory or refusing, as configured, until it answers",
                    failure.toString());
        }
        down = true;
        unavailableUntil = System.nanoTime() + PAUSE_AFTER_FAILURE.toNanos();
    }

    /** Redis was not asked, or did not answer. */
    public static final class RedisUnavailable extends RuntimeException {
        public RedisUnavailable(String message) {
            super(message, null, false, false);
        }
    }
}
