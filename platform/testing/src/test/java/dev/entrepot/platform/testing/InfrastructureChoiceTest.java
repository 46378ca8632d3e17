package dev.entrepot.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.entrepot.platform.testing.InfrastructureChoice.Service;
import dev.entrepot.platform.testing.InfrastructureChoice.Source;

class InfrastructureChoiceTest {

    private static final Map<Service, String> LOCAL = new EnumMap<>(Map.of(Service.POSTGRESQL, "127.0.0.1:5432",
            Service.REDIS, "127.0.0.1:6379", Service.KAFKA, "127.0.0.1:9092"));

    @Test
    void localServicesThatAnswerAreUsedAndDockerIsNotAsked() {
        AtomicInteger dockerAsked = new AtomicInteger();

        Map<Service, Source> chosen = InfrastructureChoice.choose(LOCAL, service -> true, () -> {
            dockerAsked.incrementAndGet();
            return true;
        });

        assertThat(chosen).containsOnly(Map.entry(Service.POSTGRESQL, Source.LOCAL), Map.entry(Service.REDIS, Source.LOCAL),
                Map.entry(Service.KAFKA, Source.LOCAL));
        assertThat(dockerAsked).hasValue(0);
    }

    @Test
    void aSilentServiceComesFromAContainerWhenDockerIsAvailable() {
        Map<Service, Source> chosen = InfrastructureChoice.choose(LOCAL, service -> service != Service.KAFKA, () -> true);

        assertThat(chosen).containsOnly(Map.entry(Service.POSTGRESQL, Source.LOCAL), Map.entry(Service.REDIS, Source.LOCAL),
                Map.entry(Service.KAFKA, Source.CONTAINER));
    }

    @Test
    void withoutDockerTheFailureNamesEverySilentServiceAndWhereItWasLookedFor() {
        Set<Service> answering = Set.of(Service.REDIS);

        assertThatThrownBy(() -> InfrastructureChoice.choose(LOCAL, answering::contains, () -> false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PostgreSQL at 127.0.0.1:5432, Kafka at 127.0.0.1:9092")
                .hasMessageContaining("Docker is not available to run them")
                .hasMessageNotContaining("Redis at");
    }

    @Test
    void addressesOfTheLocalServices() {
        assertThat(InfrastructureChoice.redisAddress("redis://127.0.0.1:6379")).isEqualTo("127.0.0.1:6379");
        assertThat(InfrastructureChoice.redisAddress("redis://:secret@cache.local/0")).isEqualTo("cache.local:6379");
        assertThat(InfrastructureChoice.firstBroker("10.0.0.1:9092, 10.0.0.2:9092")).isEqualTo("10.0.0.1:9092");
    }

    @Test
    void aPortNobodyListensOnDoesNotAnswer() throws Exception {
        int free;
        try (ServerSocket socket = new ServerSocket(0)) {
            free = socket.getLocalPort();
            assertThat(InfrastructureChoice.answers("127.0.0.1:" + free)).isTrue();
        }
        assertThat(InfrastructureChoice.answers("127.0.0.1:" + free)).isFalse();
    }
}
