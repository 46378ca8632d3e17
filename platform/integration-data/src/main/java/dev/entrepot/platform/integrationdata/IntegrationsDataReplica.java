package dev.entrepot.platform.integrationdata;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.entrepot.platform.api.EntityRegistry;
import dev.entrepot.platform.api.EntityType;
import dev.entrepot.platform.events.ReceivedEvent;
import dev.entrepot.platform.events.config.EventsConfig;
import dev.entrepot.platform.integrationdata.contract.IntegrationDataContract;
import dev.entrepot.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;

/**
 * This service's replica of integration data (docs/integration-data.md), kept on each record's row: the
 * namespaces in {@code integrations_data} (what the API shows and filters on) and their versions in
 * {@code integrations_versions}. A namespace's state is applied only if its version is newer than the one
 * held, so the state a write answered with and the same state arriving later from the compacted topic
 * {@value #TOPIC} (or an older one) can come in any order. The replica can be rebuilt from the topic alone.
 */
@ApplicationScoped
public class IntegrationsDataReplica {

    public static final String TOPIC = IntegrationDataContract.TOPIC;
    private static final Logger LOG = Logger.getLogger(IntegrationsDataReplica.class);

    private final Sql sql;
    private final EntityRegistry registry;
    private final Map<String, NestedIntegrationsData> nested = new HashMap<>();
    private final String bootstrapServers;

    IntegrationsDataReplica(Sql sql, EntityRegistry registry, Instance<NestedIntegrationsData> nested, EventsConfig events) {
        this.sql = sql;
        this.registry = registry;
        nested.forEach(records -> this.nested.put(records.entity(), records));
        this.bootstrapServers = events.kafkaBootstrapServers();
    }

    /** Sets one namespace of a record to {@code values} (an empty object removes it), if {@code version} is newer. */
    @Transactional
    public void apply(String organization, EntityType type, String recordId, String integration, JsonNode values,
            long version) {
        sql.update("UPDATE " + type.table() + " SET integrations_data = CASE WHEN ?::jsonb = '{}'::jsonb "
                + "THEN integrations_data - ?::text ELSE jsonb_set(integrations_data, ARRAY[?::text], ?::jsonb) END, "
                + "integrations_versions = jsonb_set(integrations_versions, ARRAY[?::text], to_jsonb(?::bigint)) "
                + "WHERE org_id = ? AND id = ? AND coalesce((integrations_versions ->> ?::text)::bigint, 0) < ?",
                values.toString(), integration, integration, values.toString(), integration, version, organization, recordId,
                integration, version);
    }

    /**
     * A message of {@value #TOPIC}: a namespace's new state, or a tombstone (a null value) when the
     * namespace was purged. Messages about entities this service does not keep are passed over.
     */
    @Transactional
    public void receive(String key, String value) {
        IntegrationDataContract.Key namespace = IntegrationDataContract.parseKey(key);
        if (namespace == null) {
            LOG.warnf("%s message with key %s is not about a namespace: passed over", TOPIC, key);
            return;
        }
        Optional<EntityType> type = kept(namespace.entity());
        if (type.isEmpty()) {
            receiveNested(namespace, value);
            return;
        }
        if (value == null) {
            sql.update("UPDATE " + type.get().table() + " SET integrations_data = integrations_data - ?::text, "
                    + "integrations_versions = integrations_versions - ?::text WHERE org_id = ? AND id = ?",
                    namespace.integration(), namespace.integration(), namespace.organization(), namespace.recordId());
            return;
        }
        ReceivedEvent event = ReceivedEvent.parse(value);
        if (event.type().equals(IntegrationDataContract.CHANGED)) {
            apply(namespace.organization(), type.get(), namespace.recordId(), namespace.integration(),
                    event.data().path("values"), event.data().path("version").asLong());
        }
    }

    private void receiveNested(IntegrationDataContract.Key namespace, String value) {
        NestedIntegrationsData records = nested.get(namespace.entity());
        if (records == null) {
            return;
        }
        if (value == null) {
            records.purge(namespace.organization(), namespace.recordId(), namespace.integration());
            return;
        }
        ReceivedEvent event = ReceivedEvent.parse(value);
        if (event.type().equals(IntegrationDataContract.CHANGED)) {
            records.apply(namespace.organization(), namespace.recordId(), namespace.integration(),
                    event.data().path("values"), event.data().path("version").asLong());
        }
    }

    /**
     * Empties the replica and reads {@value #TOPIC} from its beginning up to where it ends now (what
     * arrives after is the running consumer's): for a replica lost or wrongly edited. Returns the number
     * of messages read.
     */
    public long rebuild() {
        for (EntityType type : registry.types()) {
            sql.update("UPDATE " + type.table() + " SET integrations_data = '{}', integrations_versions = '{}' "
                    + "WHERE integrations_data <> '{}' OR integrations_versions <> '{}'");
        }
        nested.values().forEach(NestedIntegrationsData::clear);
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        long read = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(30)).stream()
                    .map(partition -> new TopicPartition(TOPIC, partition.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
            ends.entrySet().removeIf(end -> consumer.position(end.getKey()) >= end.getValue());
            while (!ends.isEmpty()) {
                for (ConsumerRecord<String, String> message : consumer.poll(Duration.ofSeconds(1))) {
                    receive(message.key(), message.value());
                    read++;
                }
                ends.entrySet().removeIf(end -> consumer.position(end.getKey()) >= end.getValue());
            }
        }
        LOG.infof("Integration data replica rebuilt from %s: %d messages read", TOPIC, read);
        return read;
    }

    private Optional<EntityType> kept(String entity) {
        return registry.types().stream().filter(type -> type.name().equals(entity)).findFirst();
    }
}
