package dev.entrepot.platform.testing;

import java.util.EnumMap;
import java.util.Map;

import org.testcontainers.postgresql.PostgreSQLContainer;

import dev.entrepot.platform.testing.InfrastructureChoice.Service;
import dev.entrepot.platform.testing.InfrastructureChoice.Source;

/**
 * The PostgreSQL, Redis and Kafka that {@link LocalInfrastructure} points tests at, chosen once per test
 * JVM by {@link InfrastructureChoice}: the local services ({@link LocalServices}) where they answer,
 * containers ({@link Containers}) for the others.
 */
final class TestInfrastructure {

    private static TestInfrastructure chosen;

    final String dbHost;
    final int dbPort;
    final String dbUser;
    final String dbPassword;
    final String redisUrl;
    final String kafkaBootstrapServers;

    private TestInfrastructure(String dbHost, int dbPort, String dbUser, String dbPassword, String redisUrl,
            String kafkaBootstrapServers) {
        this.dbHost = dbHost;
        this.dbPort = dbPort;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword;
        this.redisUrl = redisUrl;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
    }

    static synchronized TestInfrastructure get() {
        if (chosen == null) {
            chosen = choose();
        }
        return chosen;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + dbHost + ":" + dbPort + "/" + database;
    }

    void administer(String... statements) {
        LocalServices.administer(jdbcUrl("postgres"), dbUser, dbPassword, statements);
    }

    private static TestInfrastructure choose() {
        Map<Service, String> local = new EnumMap<>(Service.class);
        local.put(Service.POSTGRESQL, LocalServices.dbHost() + ":" + LocalServices.dbPort());
        local.put(Service.REDIS, InfrastructureChoice.redisAddress(LocalServices.redisUrl()));
        local.put(Service.KAFKA, InfrastructureChoice.firstBroker(LocalServices.kafkaBootstrapServers()));
        Map<Service, Source> sources = InfrastructureChoice.choose(local,
                service -> InfrastructureChoice.answers(local.get(service)), Containers::dockerAvailable);

        String dbHost = LocalServices.dbHost();
        int dbPort = Integer.parseInt(LocalServices.dbPort());
        String dbUser = LocalServices.dbUser();
        String dbPassword = LocalServices.dbPassword();
        if (sources.get(Service.POSTGRESQL) == Source.CONTAINER) {
            PostgreSQLContainer postgres = Containers.postgres();
            dbHost = postgres.getHost();
            dbPort = postgres.getFirstMappedPort();
            dbUser = postgres.getUsername();
            dbPassword = postgres.getPassword();
        }
        String redisUrl = sources.get(Service.REDIS) == Source.CONTAINER ? Containers.redisUrl() : LocalServices.redisUrl();
        String kafka = sources.get(Service.KAFKA) == Source.CONTAINER ? Containers.kafkaBootstrapServers()
                : LocalServices.kafkaBootstrapServers();
        return new TestInfrastructure(dbHost, dbPort, dbUser, dbPassword, redisUrl, kafka);
    }
}
