package dev.entrepot.platform.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Where the real local PostgreSQL, Redis and Kafka are: the same environment variables, with the same
 * defaults, that the services themselves read.
 */
public final class LocalServices {

    private LocalServices() {
    }

    public static String dbHost() {
        return env("DB_HOST", "127.0.0.1");
    }

    public static String dbPort() {
        return env("DB_PORT", "5432");
    }

    public static String dbUser() {
        return env("DB_USER", "entrepot");
    }

    public static String dbPassword() {
        return env("DB_PASSWORD", "entrepot");
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + dbHost() + ":" + dbPort() + "/" + database;
    }

    public static String kafkaBootstrapServers() {
        return env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    }

    public static String redisUrl() {
        return env("REDIS_URL", "redis://127.0.0.1:6379");
    }

    /** Runs statements against the server's maintenance database (CREATE/DROP DATABASE need it). */
    public static void administer(String... statements) {
        administer(jdbcUrl("postgres"), dbUser(), dbPassword(), statements);
    }

    static void administer(String url, String user, String password, String... statements) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + url + " refused " + String.join("; ", statements)
                    + " for user " + user + " (is the local stack up? run ./entrepot up)", e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
