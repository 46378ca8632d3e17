package dev.entrepot.platform.testing;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceConfigurableLifecycleManager;

/**
 * The test resource behind {@link RealInfrastructure}: points the application under test at PostgreSQL,
 * Redis and Kafka (the local services where they answer, else containers: see {@link TestInfrastructure})
 * and, where asked, at a database of its own.
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
        TestInfrastructure infrastructure = TestInfrastructure.get();
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", infrastructure.kafkaBootstrapServers);
        config.put("quarkus.redis.hosts", infrastructure.redisUrl);
        config.put("mp.jwt.verify.publickey.location", InternalTokens.PUBLIC_KEY);
        config.put("mp.jwt.verify.issuer", InternalTokens.ISSUER);
        if (!databasePrefix.isEmpty()) {
            database = databasePrefix + "_test_" + HexFormat.of().formatHex(randomBytes(6));
            infrastructure.administer("CREATE DATABASE " + database);
            config.put("quarkus.datasource.jdbc.url", infrastructure.jdbcUrl(database));
            config.put("quarkus.datasource.username", infrastructure.dbUser);
            config.put("quarkus.datasource.password", infrastructure.dbPassword);
        }
        return config;
    }

    @Override
    public void stop() {
        if (database != null) {
            TestInfrastructure.get().administer("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            database = null;
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
