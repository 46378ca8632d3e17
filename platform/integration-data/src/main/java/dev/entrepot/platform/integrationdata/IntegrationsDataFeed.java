package dev.entrepot.platform.integrationdata;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.entrepot.platform.integrationdata.contract.IntegrationDataContract;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Feeds this service's {@link IntegrationsDataReplica} from the compacted topic integrations.data (a
 * channel of the same name, configured by this module's defaults), in a service that keeps integration
 * data on its records (build property {@code entrepot.integrations-data.replica}, true by default). With
 * {@link ReplicaConfig#rebuildOnStart} the replica is first emptied and read again from the whole topic.
 */
@ApplicationScoped
@IfBuildProperty(name = "entrepot.integrations-data.replica", stringValue = "true")
public class IntegrationsDataFeed {

    private final IntegrationsDataReplica replica;
    private final boolean rebuildOnStart;

    IntegrationsDataFeed(IntegrationsDataReplica replica, ReplicaConfig config) {
        this.replica = replica;
        this.rebuildOnStart = config.rebuildOnStart();
    }

    void onStart(@Observes StartupEvent start) {
        if (rebuildOnStart) {
            new Thread(replica::rebuild, "integrations-data-rebuild").start();
        }
    }

    @Incoming(IntegrationDataContract.TOPIC)
    @Blocking
    public void receive(ConsumerRecord<String, String> message) {
        replica.receive(message.key(), message.value());
    }
}
