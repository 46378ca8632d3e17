package dev.entrepot.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a declared entity must be registered outside its service, as a pure function: the entities (what
 * {@link Declarations} derives from the services' classes) and what each place lists give the list of
 * problems, each naming the entity, the file and what to add. docs/adding-an-entity.md walks through it.
 */
final class Registration {

    static final String GATEWAY = "gateway/src/main/resources/application.properties";
    static final String K8S_TOPICS = "deploy/k8s/base/topics.yaml";
    static final String ASYNCAPI = "docs/asyncapi.yaml";
    static final String INTEGRATIONS = "integrations-service/src/main/resources/application.properties";
    static final String LOCAL_BROKER = "deploy/local/kafka/server.properties";
    static final String LOCAL_TOPICS = "deploy/local/kafka/Topics.java";

    /**
     * One declared entity and what its service does with it.
     *
     * @param service the service's short name, as in its topics and the gateway's configuration ({@code catalog})
     * @param name the entity's plural name ({@code products})
     * @param declaredIn the class declaring it
     * @param resource the resource class serving it, or null if there is none
     * @param resourceServes the entity the resource's {@code type()} returns (null for a resource that is not
     *        a RecordReader, such as identity-service's users)
     * @param routedAs the first path segment under /api/v1 its resource has (the gateway routes by it)
     * @param publishesRecords its changes become record events on {@link #topic()}
     * @param carriesIntegrationData its records take integrationsData (written by PATCH through integrations-service)
     * @param deletable its records can be deleted (a deletion purges their integration data)
     */
    record Entity(String service, String name, String declaredIn, String resource, String resourceServes, String routedAs,
            boolean publishesRecords, boolean carriesIntegrationData, boolean deletable) {

        /** The record-change topic, {@code <service>.<entity>} (platform-api RecordEvents). */
        String topic() {
            return service + "." + name;
        }
    }

    /**
     * What the places outside the services list.
     *
     * @param gatewayResources per service, the path segments the gateway routes to it
     * @param k8sTopics the topicName of every KafkaTopic the cluster declares
     * @param asyncapiChannels the address of every channel docs/asyncapi.yaml documents
     * @param integrationDataEntities integrations-service's entrepot.integrations-data.entities
     * @param integrationRecordTopics integrations-service's mp.messaging.incoming.records.topics
     * @param localAutoCreate whether the local broker creates a topic on first use
     * @param localTopics the topics deploy/local/kafka/Topics.java creates
     */
    record Places(Map<String, Set<String>> gatewayResources, Set<String> k8sTopics, Set<String> asyncapiChannels,
            Set<String> integrationDataEntities, Set<String> integrationRecordTopics, boolean localAutoCreate,
            Set<String> localTopics) {
    }

    private Registration() {
    }

    static List<String> problems(List<Entity> entities, Places places) {
        List<String> problems = new ArrayList<>();
        for (Entity entity : entities) {
            String who = "entity " + entity.topic() + ": ";
            if (entity.resource() == null) {
                String pkg = entity.declaredIn().substring(0, entity.declaredIn().lastIndexOf('.'));
                problems.add(who + "no resource class (add one with @Path(\"/api/v1/" + entity.name()
                        + "\") extending EntityResource, or RecordReader if read-only, in " + pkg + " or below)");
            } else if (entity.resourceServes() != null && !entity.resourceServes().equals(entity.name())) {
                problems.add(who + entity.resource() + ".type() returns " + entity.resourceServes() + " (return the "
                        + entity.name() + " constant of " + entity.declaredIn() + ")");
            }
            if (!places.gatewayResources().getOrDefault(entity.service(), Set.of()).contains(entity.routedAs())) {
                problems.add(who + "missing in " + GATEWAY + " (add " + entity.routedAs() + " to gateway.services."
                        + entity.service() + ".resources)");
            }
            if (entity.publishesRecords()) {
                if (!places.k8sTopics().contains(entity.topic())) {
                    problems.add(who + "missing in " + K8S_TOPICS + " (add a KafkaTopic with spec.topicName: "
                            + entity.topic() + ", like the other record topics)");
                }
                if (!places.asyncapiChannels().contains(entity.topic())) {
                    problems.add(who + "missing in " + ASYNCAPI + " (add a channel with address: " + entity.topic()
                            + " and its created, updated and deleted messages)");
                }
                if (!places.localAutoCreate() && !places.localTopics().contains(entity.topic())) {
                    problems.add(who + "missing in " + LOCAL_TOPICS + " (" + LOCAL_BROKER
                            + " does not auto-create topics: create " + entity.topic() + ")");
                }
            }
            if (entity.carriesIntegrationData()) {
                if (!places.integrationDataEntities().contains(entity.name())) {
                    problems.add(who + "missing in " + INTEGRATIONS + " (add " + entity.name()
                            + " to entrepot.integrations-data.entities)");
                }
                if (entity.deletable() && !entity.publishesRecords()) {
                    problems.add(who + "its records carry integration data and can be deleted, but its service"
                            + " publishes no record events: integrations-service would never purge their data");
                } else if (entity.deletable() && !places.integrationRecordTopics().contains(entity.topic())) {
                    problems.add(who + "missing in " + INTEGRATIONS + " (add " + entity.topic()
                            + " to mp.messaging.incoming.records.topics)");
                }
            }
        }
        return problems;
    }
}
