package dev.entrepot.platform.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code Idempotency-Key} on POST: the first answer is kept in Redis for 24 hours (shared by every
 * replica) and a retry with the same key and body gets it again instead of writing twice. The same key
 * with a different body is a 422; a retry while the first is still running is a 409.
 */
@ApplicationScoped
public class IdempotencyKeys {

    static final long ANSWER_SECONDS = 24 * 60 * 60;
    /** How long a started request holds its key if its process dies before answering. */
    static final long RUNNING_SECONDS = 60;
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final ObjectMapper MAPPER = new ObjectMapper().setNodeFactory(FieldKind.JSON)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final RedisDataSource redis;
    private final ValueCommands<String, String> values;

    IdempotencyKeys(RedisDataSource redis) {
        this.redis = redis;
        this.values = redis.value(String.class);
    }

    /** Runs {@code action} once per (organization, endpoint, key); without a key, simply runs it. */
    public Reply once(String organization, String endpoint, String key, JsonNode body, EntityType type,
            Supplier<Reply> action) {
        if (key == null) {
            return action.get();
        }
        if (!KEY.matcher(key).matches()) {
            throw ApiException.badParameter("Idempotency-Key", "Idempotency-Key must be 1 to 255 visible ASCII characters");
        }
        String redisKey = "idempotency:" + organization + ":POST " + endpoint + ":" + key;
        String fingerprint = fingerprint(body);
        ObjectNode running = FieldKind.newObject().put("fingerprint", fingerprint).put("running", true);
        Response acquired = redis.execute("SET", redisKey, running.toString(), "NX", "EX", String.valueOf(RUNNING_SECONDS));
        if (acquired == null) {
            return replay(redisKey, fingerprint, type);
        }
        Reply reply;
        try {
            reply = action.get();
        } catch (RuntimeException e) {
            values.getdel(redisKey); // a failed request may be retried with the same key
            throw e;
        }
        ObjectNode stored = FieldKind.newObject().put("fingerprint", fingerprint).put("status", reply.status());
        stored.put("etag", reply.etag());
        stored.set("body", reply.envelope().body());
        values.setex(redisKey, ANSWER_SECONDS, stored.toString());
        return reply;
    }

    private Reply replay(String redisKey, String fingerprint, EntityType type) {
        String text = values.get(redisKey);
        if (text == null) {
            throw new ApiException(409, "idempotency_key_in_use", "A request with this Idempotency-Key just failed or expired; retry");
        }
        JsonNode stored = parse(text);
        if (!stored.path("fingerprint").asText().equals(fingerprint)) {
            throw new ApiException(422, "idempotency_key_reused",
                    "This Idempotency-Key was used with a different request body");
        }
        if (stored.path("running").asBoolean(false)) {
            throw new ApiException(409, "idempotency_key_in_use", "A request with this Idempotency-Key is still running");
        }
        return new Reply(stored.path("status").asInt(), new Envelope((ObjectNode) stored.get("body"), type),
                stored.path("etag").isNull() ? null : stored.path("etag").asText(null));
    }

    private static String fingerprint(JsonNode body) {
        try {
            // key order does not make a different body: compare with every object's keys sorted
            Object plain = body == null ? null : MAPPER.treeToValue(body, Object.class);
            byte[] canonical = MAPPER.writeValueAsBytes(plain);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Stored idempotent answer does not parse", e);
        }
    }
}
