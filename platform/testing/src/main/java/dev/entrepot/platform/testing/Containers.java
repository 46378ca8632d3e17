package dev.entrepot.platform.testing;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.jboss.logging.Logger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Containers for the local services that do not answer, each started once per test JVM and shared by every
 * test class in it (Testcontainers removes them when the JVM ends). Used only where Docker is available.
 */
final class Containers {

    private static final Logger LOG = Logger.getLogger(Containers.class);

    private static PostgreSQLContainer postgres;
    private static GenericContainer<?> redis;
    private static KafkaContainer kafka;

    private Containers() {
    }

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    /** A PostgreSQL whose user owns the server, so it may create and drop the per-class databases. */
    static synchronized PostgreSQLContainer postgres() {
        if (postgres == null) {
            postgres = new PostgreSQLContainer("postgres:16-alpine").withUsername("entrepot").withPassword("entrepot");
            postgres.start();
            LOG.infof("PostgreSQL from a container at %s:%d", postgres.getHost(), postgres.getFirstMappedPort());
        }
        return postgres;
    }

    static synchronized String redisUrl() {
        if (redis == null) {
            redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
            redis.start();
            LOG.infof("Redis from a container at %s:%d", redis.getHost(), redis.getFirstMappedPort());
        }
        return "redis://" + redis.getHost() + ":" + redis.getFirstMappedPort();
    }

    /** A broker with the topics ./entrepot creates because auto-creation cannot: integrations.data, compacted. */
    static synchronized String kafkaBootstrapServers() {
        if (kafka == null) {
            kafka = new KafkaContainer("apache/kafka:3.9.1");
            kafka.start();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("integrations.data", 3, (short) 1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get();
            } catch (Exception e) {
                throw new IllegalStateException("cannot create integrations.data on the Kafka container", e);
            }
            LOG.infof("Kafka from a container at %s", kafka.getBootstrapServers());
        }
        return kafka.getBootstrapServers();
    }
}
