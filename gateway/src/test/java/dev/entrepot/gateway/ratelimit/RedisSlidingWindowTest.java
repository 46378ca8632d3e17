package dev.entrepot.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.entrepot.gateway.RedisScript;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;

/** The limiter's Lua script against the real local Redis, as several gateway replicas would run it. */
class RedisSlidingWindowTest {

    private static final RedisScript SCRIPT = new RedisScript("sliding-window.lua");
    private static Vertx vertx;
    private static RedisAPI replicaA;
    private static RedisAPI replicaB;

    @BeforeAll
    static void connect() {
        vertx = Vertx.vertx();
        String url = System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379");
        RedisOptions options = new RedisOptions().setConnectionString(url).setMaxPoolSize(8).setMaxPoolWaiting(1000);
        replicaA = RedisAPI.api(Redis.createClient(vertx, options));
        replicaB = RedisAPI.api(Redis.createClient(vertx, options));
    }

    @AfterAll
    static void close() {
        replicaA.close();
        replicaB.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void the301stReadIsRefusedUntilTheFirstLeavesTheMinute() throws Exception {
        String key = "gw:rl:{test-" + UUID.randomUUID() + "}:read";
        for (int i = 0; i < 300; i++) {
            Response answer = take(replicaA, key, 300);
            assertThat(answer.get(0).toInteger()).isEqualTo(1);
            assertThat(answer.get(1).toInteger()).isEqualTo(299 - i);
        }
        Response refused = take(replicaB, key, 300);
        assertThat(refused.get(0).toInteger()).isZero();
        assertThat(refused.get(1).toInteger()).isZero();
        long retryAfter = refused.get(3).toLong();
        assertThat(retryAfter).isBetween(55_000L, 60_000L);
        assertThat(refused.get(2).toLong()).isLessThanOrEqualTo(retryAfter);
    }

    @Test
    void twoReplicasRacingShareOneExactLimit() throws Exception {
        String key = "gw:rl:{test-" + UUID.randomUUID() + "}:write";
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            answers.add(SCRIPT.run(i % 2 == 0 ? replicaA : replicaB, List.of(key), List.of("100", "60")));
        }
        Future.all(answers).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        long admitted = answers.stream().filter(answer -> answer.result().get(0).toInteger() == 1).count();
        assertThat(admitted).isEqualTo(100);
    }

    @Test
    void aLeaseIsGrantedOnlyWhatTheWindowHasLeft() throws Exception {
        String key = "gw:rl:{test-" + UUID.randomUUID() + "}:read";
        List<Integer> granted = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Response answer = SCRIPT.run(replicaA, List.of(key), List.of("10", "60", "4"))
                    .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            granted.add(answer.get(0).toInteger());
        }
        assertThat(granted).containsExactly(4, 4, 2, 0);
        Response refused = take(replicaB, key, 10);
        assertThat(refused.get(0).toInteger()).isZero();
        assertThat(refused.get(3).toLong()).isBetween(55_000L, 60_000L);
    }

    @Test
    void keepsAtMostOneCounterPerSecondAndExpires() throws Exception {
        String key = "gw:rl:{test-" + UUID.randomUUID() + "}:bulk";
        for (int i = 0; i < 20; i++) {
            take(replicaA, key, 100);
        }
        assertThat(replicaA.hlen(key).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).toInteger())
                .isBetween(1, 2);
        assertThat(replicaA.pttl(key).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).toLong())
                .isBetween(1L, 61_000L);
    }

    private static Response take(RedisAPI redis, String key, int limit) throws Exception {
        return SCRIPT.run(redis, List.of(key), List.of(Integer.toString(limit), "60"))
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
