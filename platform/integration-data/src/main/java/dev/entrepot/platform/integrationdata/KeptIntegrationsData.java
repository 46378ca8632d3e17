package dev.entrepot.platform.integrationdata;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.Caller;
import dev.entrepot.platform.api.EntityType;
import dev.entrepot.platform.api.IntegrationsDataWrites;
import dev.entrepot.platform.integrationdata.contract.IntegrationDataContract.NamespaceState;
import jakarta.enterprise.context.ApplicationScoped;

/** Integration data kept by this service: written at integrations-service, replicated on the records' rows. */
@ApplicationScoped
public class KeptIntegrationsData implements IntegrationsDataWrites {

    private static final Logger LOG = Logger.getLogger(KeptIntegrationsData.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final IntegrationsDataClient client;
    private final IntegrationsDataReplica replica;

    KeptIntegrationsData(IntegrationsDataClient client, IntegrationsDataReplica replica) {
        this.client = client;
        this.replica = replica;
    }

    @Override
    public List<Namespace> write(EntityType type, String recordId, ObjectNode patch, Caller caller) {
        return client.write(type, recordId, patch, caller).stream().map(KeptIntegrationsData::namespace).toList();
    }

    private static Namespace namespace(NamespaceState state) {
        return new Namespace(state.integration(), MAPPER.valueToTree(state.values()), state.version());
    }

    @Override
    public Map<String, List<Namespace>> writeMany(EntityType type, Map<String, ObjectNode> patches, Caller caller) {
        return writeMany(type.name(), patches, caller);
    }

    /**
     * {@link #writeMany(EntityType, Map, Caller)} for records that are not an entity of their own here,
     * such as an order's lines ({@link NestedIntegrationsData}).
     */
    public Map<String, List<Namespace>> writeMany(String entity, Map<String, ObjectNode> patches, Caller caller) {
        Map<String, List<Namespace>> written = new LinkedHashMap<>();
        client.writeMany(entity, patches, caller).forEach(record -> written.put(record.recordId(), record.namespaces().stream()
                .map(KeptIntegrationsData::namespace).toList()));
        return written;
    }

    @Override
    public void apply(String organization, EntityType type, String recordId, List<Namespace> written) {
        written.forEach(namespace -> replica.apply(organization, type, recordId, namespace.integration(), namespace.values(),
                namespace.version()));
    }

    @Override
    public void withdraw(EntityType type, Map<String, List<Namespace>> written, Caller caller) {
        Map<String, ObjectNode> patches = new LinkedHashMap<>();
        written.forEach((recordId, namespaces) -> namespaces.forEach(namespace -> namespace.values().fieldNames()
                .forEachRemaining(key -> {
                    ObjectNode patch = patches.computeIfAbsent(recordId, id -> MAPPER.createObjectNode());
                    ObjectNode keys = patch.has(namespace.integration()) ? (ObjectNode) patch.get(namespace.integration())
                            : patch.putObject(namespace.integration());
                    keys.putNull(key);
                })));
        if (patches.isEmpty()) {
            return;
        }
        try {
            client.writeMany(type.name(), patches, caller);
        } catch (ApiException e) {
            // The records do not exist, so nothing shows this data; integrations-service keeps it until purged.
            LOG.warnf("Integration data written for %s %s, which do not exist, could not be withdrawn (%d %s): %s",
                    type.name(), patches.keySet(), e.status(), e.errorCode(), patches);
        }
    }
}
