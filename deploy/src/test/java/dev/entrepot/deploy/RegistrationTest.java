package dev.entrepot.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.entrepot.catalog.Catalog;
import dev.entrepot.deploy.Registration.Entity;
import dev.entrepot.deploy.Registration.Places;
import dev.entrepot.deploy.widgets.Widgets;
import dev.entrepot.identity.Identity;
import dev.entrepot.orders.Orders;

/** Every entity the services declare is registered everywhere outside its service (docs/adding-an-entity.md). */
class RegistrationTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** The services with entities, and the class that declares each one's. */
    static List<Entity> declared() throws Exception {
        List<Entity> entities = new ArrayList<>();
        entities.addAll(Declarations.of(ROOT, "catalog-service", Catalog.class));
        entities.addAll(Declarations.of(ROOT, "orders-service", Orders.class));
        entities.addAll(Declarations.of(ROOT, "identity-service", Identity.class));
        return entities;
    }

    @Test
    void everyDeclaredEntityIsRegisteredEverywhere() throws Exception {
        List<String> problems = Registration.problems(declared(), Declarations.places(ROOT));
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void theRulesReadTheServicesAsTheyAre() throws Exception {
        Map<String, Entity> entities = declared().stream().collect(Collectors.toMap(Entity::topic, Function.identity()));
        assertThat(entities.keySet()).containsExactlyInAnyOrder("catalog.brands", "catalog.categories", "catalog.products",
                "catalog.locations", "catalog.inventory", "catalog.adjustments", "catalog.reservations", "orders.customers",
                "orders.orders", "identity.integrations", "identity.departments", "identity.users");
        assertThat(entities.get("catalog.products"))
                .isEqualTo(new Entity("catalog", "products", Catalog.class.getName(), "dev.entrepot.catalog.rest.ProductResource",
                        "products", "products", true, true, true));
        // read-only, served under the inventory route
        assertThat(entities.get("catalog.adjustments"))
                .isEqualTo(new Entity("catalog", "adjustments", Catalog.class.getName(),
                        "dev.entrepot.catalog.rest.AdjustmentResource", "adjustments", "inventory", false, false, false));
        // its PATCH writes integrationsData through the generic path; it is never deleted
        assertThat(entities.get("orders.orders"))
                .isEqualTo(new Entity("orders", "orders", Orders.class.getName(), "dev.entrepot.orders.rest.OrderResource",
                        "orders", "orders", true, true, false));
        // identity-service words its events itself (IdentityEvents names the topic)
        assertThat(entities.get("identity.departments"))
                .isEqualTo(new Entity("identity", "departments", Identity.class.getName(),
                        "dev.entrepot.identity.rest.DepartmentResource", "departments", "departments", true, true, true));
        // not a RecordReader: it serves users through Accounts
        assertThat(entities.get("identity.users").resource()).isEqualTo("dev.entrepot.identity.rest.UserResource");
        assertThat(entities.get("identity.users").resourceServes()).isNull();
    }

    @Test
    void aThrowawayEntityIsNamedInEveryPlaceItIsMissingFrom() throws Exception {
        List<Entity> entities = declared();
        entities.addAll(Declarations.of(ROOT, "catalog-service", Widgets.class));

        List<String> problems = Registration.problems(entities, Declarations.places(ROOT));
        // the real entities' problems are everyDeclaredEntityIsRegisteredEverywhere's to report
        assertThat(problems.stream().filter(problem -> problem.matches("entity catalog\\.(widgets|gadgets):.*"))).containsExactly(
                "entity catalog.widgets: missing in gateway/src/main/resources/application.properties"
                        + " (add widgets to gateway.services.catalog.resources)",
                "entity catalog.widgets: missing in deploy/k8s/base/topics.yaml"
                        + " (add a KafkaTopic with spec.topicName: catalog.widgets, like the other record topics)",
                "entity catalog.widgets: missing in docs/asyncapi.yaml"
                        + " (add a channel with address: catalog.widgets and its created, updated and deleted messages)",
                "entity catalog.widgets: missing in integrations-service/src/main/resources/application.properties"
                        + " (add widgets to entrepot.integrations-data.entities)",
                "entity catalog.widgets: missing in integrations-service/src/main/resources/application.properties"
                        + " (add catalog.widgets to mp.messaging.incoming.records.topics)",
                "entity catalog.gadgets: no resource class (add one with @Path(\"/api/v1/gadgets\") extending"
                        + " EntityResource, or RecordReader if read-only, in dev.entrepot.deploy.widgets or below)",
                "entity catalog.gadgets: missing in gateway/src/main/resources/application.properties"
                        + " (add gadgets to gateway.services.catalog.resources)");
    }

    // --- the pure function ----------------------------------------------------------------------------

    private static final Entity WIDGETS = new Entity("catalog", "widgets", "dev.example.Catalog", "dev.example.WidgetResource",
            "widgets", "widgets", true, true, true);

    private static Places listing(Set<String> gateway, Set<String> topics, Set<String> entities, Set<String> records,
            boolean autoCreate) {
        return new Places(Map.of("catalog", gateway), topics, topics, entities, records, autoCreate, topics);
    }

    @Test
    void aFullyListedEntityHasNoProblem() {
        Places places = listing(Set.of("widgets"), Set.of("catalog.widgets"), Set.of("widgets"), Set.of("catalog.widgets"), false);
        assertThat(Registration.problems(List.of(WIDGETS), places)).isEmpty();
    }

    @Test
    void aResourceCopiedWithoutItsTypeIsNamed() {
        Entity copied = new Entity("catalog", "widgets", "dev.example.Catalog", "dev.example.WidgetResource", "brands", "widgets",
                true, true, true);
        Places places = listing(Set.of("widgets"), Set.of("catalog.widgets"), Set.of("widgets"), Set.of("catalog.widgets"), true);
        assertThat(Registration.problems(List.of(copied), places)).containsExactly(
                "entity catalog.widgets: dev.example.WidgetResource.type() returns brands (return the widgets constant of"
                        + " dev.example.Catalog)");
    }

    @Test
    void aLocalBrokerThatDoesNotAutoCreateNeedsTheTopicInTopicsJava() {
        Places places = new Places(Map.of("catalog", Set.of("widgets")), Set.of("catalog.widgets"), Set.of("catalog.widgets"),
                Set.of("widgets"), Set.of("catalog.widgets"), false, Set.of("integrations.data"));
        assertThat(Registration.problems(List.of(WIDGETS), places)).containsExactly(
                "entity catalog.widgets: missing in deploy/local/kafka/Topics.java"
                        + " (deploy/local/kafka/server.properties does not auto-create topics: create catalog.widgets)");
        assertThat(Registration.problems(List.of(WIDGETS), new Places(places.gatewayResources(), places.k8sTopics(),
                places.asyncapiChannels(), places.integrationDataEntities(), places.integrationRecordTopics(), true, Set.of())))
                .isEmpty();
    }

    @Test
    void anEntityThatPublishesNothingAndKeepsNoIntegrationDataNeedsOnlyItsRoute() {
        Entity departments = new Entity("identity", "departments", "dev.example.Identity", "dev.example.DepartmentResource",
                "departments", "departments", false, false, true);
        assertThat(Registration.problems(List.of(departments), listing(Set.of(), Set.of(), Set.of(), Set.of(), false)))
                .containsExactly("entity identity.departments: missing in gateway/src/main/resources/application.properties"
                        + " (add departments to gateway.services.identity.resources)");
    }

    @Test
    void integrationDataOnANeverDeletedEntityNeedsNoPurgeTopic() {
        Entity orders = new Entity("orders", "orders", "dev.example.Orders", "dev.example.OrderResource", "orders", "orders", true, true,
                false);
        Places places = new Places(Map.of("orders", Set.of("orders")), Set.of("orders.orders"), Set.of("orders.orders"),
                Set.of(), Set.of(), true, Set.of());
        assertThat(Registration.problems(List.of(orders), places)).containsExactly(
                "entity orders.orders: missing in integrations-service/src/main/resources/application.properties"
                        + " (add orders to entrepot.integrations-data.entities)");
    }

    @Test
    void deletableIntegrationDataWithoutRecordEventsCouldNeverBePurged() {
        Entity things = new Entity("identity", "things", "dev.example.Identity", "dev.example.ThingResource", "things", "things", false,
                true, true);
        Places places = new Places(Map.of("identity", Set.of("things")), Set.of(), Set.of(), Set.of("things"), Set.of(), true,
                Set.of());
        assertThat(Registration.problems(List.of(things), places)).containsExactly(
                "entity identity.things: its records carry integration data and can be deleted, but its service publishes"
                        + " no record events: integrations-service would never purge their data");
    }
}
