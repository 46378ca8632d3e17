package dev.entrepot.platform.testing;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceConfigurableLifecycleManager;

/**
 * The test resource behind {@link RealInfrastructure}: points the application under test at the real
 * local services and, where asked, at a database of its own.
 */
public class LocalInfrastructure implements QuarkusTestResourceConfigurableLifecycleManager<RealInfrastructure> {

    private static final SecureRandom RANDOM = new SecureRandom();

    private String databasePrefix = "";
    private String database;

    @Override
    public void init(RealInfrastructure annotation) {
        databasePrefix = annotation.database();
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", LocalServices.kafkaBootstrapServers());
        config.put("quarkus.redis.hosts", LocalServices.redisUrl());
        config.put("mp.jwt.verify.publickey.location", InternalTokens.PUBLIC_KEY);
        config.put("mp.jwt.verify.issuer", InternalTokens.ISSUER);
        if (!databasePrefix.isEmpty()) {
            database = databasePrefix + "_test_" + HexFormat.of().formatHex(randomBytes(6));
            LocalServices.administer("CREATE DATABASE " + database);
            config.put("quarkus.datasource.jdbc.url", LocalServices.jdbcUrl(database));
        }
        return config;
    }

    @Override
    public void stop() {
        if (database != null) {
            LocalServices.administer("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            database = null;
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
