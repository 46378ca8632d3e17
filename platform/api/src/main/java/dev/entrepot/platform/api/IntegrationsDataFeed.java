package dev.entrepot.platform.api;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Feeds this service's {@link IntegrationsDataReplica} from the compacted topic integrations.data (channel
 * {@code integrations-data}), in a service that keeps integration data on its records (build property
 * {@code entrepot.integrations-data.replica=true}). With {@code entrepot.integrations-data.rebuild-on-start}
 * the replica is first emptied and read again from the whole topic.
 */
@ApplicationScoped
@IfBuildProperty(name = "entrepot.integrations-data.replica", stringValue = "true")
public class IntegrationsDataFeed {

    private final IntegrationsDataReplica replica;
    private final boolean rebuildOnStart;

    IntegrationsDataFeed(IntegrationsDataReplica replica,
            @ConfigProperty(name = "entrepot.integrations-data.rebuild-on-start", defaultValue = "false") boolean rebuildOnStart) {
        this.replica = replica;
        this.rebuildOnStart = rebuildOnStart;
    }

    void onStart(@Observes StartupEvent start) {
        if (rebuildOnStart) {
            new Thread(replica::rebuild, "integrations-data-rebuild").start();
        }
    }

    @Incoming("integrations-data")
    @Blocking
    public void receive(ConsumerRecord<String, String> message) {
        replica.receive(message.key(), message.value());
    }
}
