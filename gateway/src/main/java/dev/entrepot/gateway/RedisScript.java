package dev.entrepot.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;

/** A Lua script of {@code src/main/resources/redis}, run by its SHA-1 and sent whole only when Redis does not know it yet. */
public final class RedisScript {

    private final String source;
    private final String sha;

    public RedisScript(String resource) {
        try (InputStream in = RedisScript.class.getResourceAsStream("/redis/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("no script redis/" + resource);
            }
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Future<Response> run(RedisAPI redis, List<String> keys, List<String> args) {
        return redis.evalsha(arguments(sha, keys, args)).recover(failure -> {
            String message = failure.getMessage();
            if (message != null && message.startsWith("NOSCRIPT")) {
                return redis.eval(arguments(source, keys, args));
            }
            return Future.failedFuture(failure);
        });
    }

    private static List<String> arguments(String script, List<String> keys, List<String> args) {
        List<String> all = new ArrayList<>(2 + keys.size() + args.size());
        all.add(script);
        all.add(Integer.toString(keys.size()));
        all.addAll(keys);
        all.addAll(args);
        return all;
    }
}
