package dev.entrepot.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
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

    private final Redis client;
    private final RedisAPI pooled;
    private final PerEventLoop<Future<RedisAPI>> ownConnections;
    private volatile long unavailableUntil;
    private volatile boolean down;

    RedisState(Redis client, RedisAPI pooled) {
        this.pooled = pooled;
        this.client = client;
        this.ownConnections = new PerEventLoop<>(this::connect);
    }

    /** A connection of the calling event loop's own, forgotten when it breaks. */
    private Future<RedisAPI> connect() {
        List<Future<RedisAPI>> self = new ArrayList<>(1);
        Future<RedisAPI> connected = client.connect().map(connection -> {
            connection.exceptionHandler(failure -> {
                ownConnections.forget(self.get(0));
                connection.close();
            });
            connection.endHandler(ended -> ownConnections.forget(self.get(0)));
            return RedisAPI.api(connection);
        });
        self.add(connected);
        return connected;
    }

    /**
     * On an event loop, that loop's own connection (commands are pipelined on it); elsewhere (the Kafka
     * consumer, start-up) the shared pool.
     */
    private Future<RedisAPI> redis() {
        Future<RedisAPI> own = ownConnections.get();
        if (own == null) {
            return Future.succeededFuture(pooled);
        }
        if (own.failed()) {
            ownConnections.forget(own);
        }
        return own;
    }

    /** False while Redis is paused after a failure. */
    private boolean usable() {
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
        return redis().compose(command)
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
        return redis().compose(api -> api.ping(List.of()))
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
