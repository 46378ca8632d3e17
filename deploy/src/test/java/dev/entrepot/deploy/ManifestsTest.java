package dev.entrepot.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * What an operator would apply, checked before anyone applies it: every overlay of deploy/k8s rendered
 * with {@code kubectl kustomize}, each document read as its Kubernetes kind (fabric8), and the rules of
 * the Kubernetes issue: probes, resources and a non-root security context on every Deployment; every
 * referenced ConfigMap, Secret, ServiceAccount, Service and Kafka topic present; images named after
 * the applications the build makes.
 */
class ManifestsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path OVERLAYS = ROOT.resolve("deploy/k8s/overlays");
    private static final List<String> APPS = List.of("gateway", "catalog-service", "orders-service", "identity-service",
            "integrations-service");
    /** Kinds of operators the manifests use, which fabric8 reads as generic resources. */
    private static final Set<String> CUSTOM_KINDS = Set.of("kafka.strimzi.io/v1beta2/Kafka", "kafka.strimzi.io/v1beta2/KafkaNodePool",
            "kafka.strimzi.io/v1beta2/KafkaTopic", "postgresql.cnpg.io/v1/Cluster", "postgresql.cnpg.io/v1/Database");
    private static final Pattern TOPIC_SETTING = Pattern.compile(
            "mp\\.messaging\\.(incoming|outgoing)\\.[^.]+\\.(topic|topics|dead-letter-queue\\.topic)");
    private static final Pattern URL = Pattern.compile("^[a-z]+://(?:[^@/]*@)?([a-z0-9.-]+):(\\d+)");

    static Stream<String> overlays() throws IOException {
        try (Stream<Path> dirs = Files.list(OVERLAYS)) {
            List<String> names = dirs.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()).sorted().toList();
            assertThat(names).contains("dev", "prod");
            return names.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyManifestParsesAsItsKindWithNoUnknownField(String overlay) throws Exception {
        for (HasMetadata resource : render(overlay)) {
            String kind = resource.getApiVersion() + "/" + resource.getKind();
            if (resource instanceof GenericKubernetesResource generic) {
                assertThat(CUSTOM_KINDS).as("a kind fabric8 does not know: " + kind).contains(kind);
                assertThat(generic.getAdditionalProperties()).as(kind + " " + name(resource) + " has a spec").containsKey("spec");
            } else {
                assertThat(resource.getKind()).isEqualTo(resource.getClass().getSimpleName());
                assertNoUnknownFields(resource, kind + " " + name(resource), new IdentityHashMap<>());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyDeploymentIsProbedBoundedAndUnprivileged(String overlay) throws Exception {
        List<Deployment> deployments = of(render(overlay), Deployment.class);
        assertThat(deployments).extracting(ManifestsTest::name).containsExactlyInAnyOrderElementsOf(APPS);
        for (Deployment deployment : deployments) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            for (Container container : pod.getContainers()) {
                String where = name(deployment) + "/" + container.getName();
                assertThat(path(container.getStartupProbe())).as(where + " startup probe").isEqualTo("/q/health/started");
                assertThat(path(container.getReadinessProbe())).as(where + " readiness probe").isEqualTo("/q/health/ready");
                assertThat(path(container.getLivenessProbe())).as(where + " liveness probe").isEqualTo("/q/health/live");
                assertThat(container.getResources().getRequests()).as(where + " requests").containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as(where + " limits").containsKeys("cpu", "memory");
                boolean nonRoot = Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot())
                        || container.getSecurityContext() != null && Boolean.TRUE.equals(container.getSecurityContext().getRunAsNonRoot());
                assertThat(nonRoot).as(where + " runs as non-root").isTrue();
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(where + " privilege escalation").isFalse();
                assertThat(container.getSecurityContext().getCapabilities().getDrop()).as(where + " capabilities").contains("ALL");
            }
        }
    }

    /** Health on the application port (probes), metrics on the management port, which only monitoring reaches. */
    @ParameterizedTest
    @MethodSource("overlays")
    void metricsAreScrapedFromTheManagementPortWhichNoServiceExposes(String overlay) throws Exception {
        List<HasMetadata> resources = render(overlay);
        Set<Object> managementPorts = new LinkedHashSet<>(List.of("management"));
        for (Deployment deployment : of(resources, Deployment.class)) {
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            String where = name(deployment);
            Integer management = container.getPorts().stream().filter(port -> "management".equals(port.getName()))
                    .map(port -> port.getContainerPort()).findFirst().orElse(null);
            assertThat(management).as(where + " has a port named management").isNotNull();
            managementPorts.add(management);
            Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
            assertThat(annotations).as(where + " scrape annotations").containsEntry("prometheus.io/path", "/q/metrics")
                    .containsEntry("prometheus.io/port", Integer.toString(management));
            assertThat(container.getEnv()).as(where + " MANAGEMENT_PORT").anySatisfy(env -> {
                assertThat(env.getName()).isEqualTo("MANAGEMENT_PORT");
                assertThat(env.getValue()).isEqualTo(Integer.toString(management));
            });
            for (Probe probe : List.of(container.getStartupProbe(), container.getReadinessProbe(), container.getLivenessProbe())) {
                assertThat(probe.getHttpGet().getPort().getStrVal()).as(where + " probes health on the application port").isEqualTo("http");
            }
        }
        for (Service service : of(resources, Service.class)) {
            service.getSpec().getPorts().forEach(port -> {
                Object target = port.getTargetPort() == null ? null
                        : port.getTargetPort().getStrVal() != null ? port.getTargetPort().getStrVal() : port.getTargetPort().getIntVal();
                assertThat(managementPorts).as("Service " + name(service) + " exposes no management port").doesNotContain(target, port.getPort());
            });
        }
        NetworkPolicy monitoring = of(resources, NetworkPolicy.class).stream()
                .filter(policy -> name(policy).equals("metrics-from-monitoring")).findFirst().orElseThrow();
        assertThat(monitoring.getSpec().getIngress()).allSatisfy(rule -> assertThat(rule.getPorts())
                .allSatisfy(port -> assertThat(port.getPort().getStrVal()).isEqualTo("management")));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everythingReferredToExists(String overlay) throws Exception {
        List<HasMetadata> resources = render(overlay);
        Set<String> configMaps = names(of(resources, ConfigMap.class));
        Set<String> secrets = names(of(resources, Secret.class));
        for (GenericKubernetesResource cluster : custom(resources, "Cluster")) {
            secrets.add(name(cluster) + "-app"); // CloudNativePG makes the owner's credentials
        }
        secrets.addAll(operatorSecrets(overlay));
        Set<String> accounts = names(of(resources, io.fabric8.kubernetes.api.model.ServiceAccount.class));
        Map<String, Set<Integer>> services = new java.util.HashMap<>();
        of(resources, Service.class).forEach(service -> services.put(name(service),
                new LinkedHashSet<>(service.getSpec().getPorts().stream().map(port -> port.getPort()).toList())));
        custom(resources, "Cluster").forEach(cluster -> services.put(name(cluster) + "-rw", Set.of(5432)));
        custom(resources, "Kafka").forEach(kafka -> services.put(name(kafka) + "-kafka-bootstrap", Set.of(9092)));

        List<PodTemplateSpec> templates = new ArrayList<>();
        of(resources, Deployment.class).forEach(deployment -> templates.add(deployment.getSpec().getTemplate()));
        of(resources, StatefulSet.class).forEach(set -> templates.add(set.getSpec().getTemplate()));
        for (PodTemplateSpec template : templates) {
            PodSpec pod = template.getSpec();
            if (pod.getServiceAccountName() != null) {
                assertThat(accounts).as("ServiceAccount").contains(pod.getServiceAccountName());
            }
            for (Container container : pod.getContainers()) {
                container.getEnvFrom().forEach(from -> {
                    if (from.getConfigMapRef() != null) {
                        assertThat(configMaps).as("ConfigMap").contains(from.getConfigMapRef().getName());
                    }
                    if (from.getSecretRef() != null) {
                        assertThat(secrets).as("Secret").contains(from.getSecretRef().getName());
                    }
                });
                for (EnvVar env : container.getEnv()) {
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        String secret = env.getValueFrom().getSecretKeyRef().getName();
                        assertThat(secrets).as("Secret for " + env.getName()).contains(secret);
                        of(resources, Secret.class).stream().filter(found -> name(found).equals(secret)).forEach(found ->
                                assertThat(keys(found)).as("keys of " + secret).contains(env.getValueFrom().getSecretKeyRef().getKey()));
                    }
                    if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                        assertThat(configMaps).as("ConfigMap").contains(env.getValueFrom().getConfigMapKeyRef().getName());
                    }
                    if (env.getValue() != null) {
                        assertReachable(env.getName(), env.getValue(), services);
                    }
                }
            }
        }
        for (ConfigMap map : of(resources, ConfigMap.class)) {
            map.getData().forEach((key, value) -> assertReachable(key, value, services));
            if (map.getData().containsKey("DB_HOST")) {
                assertThat(services).as("DB_HOST").containsKey(map.getData().get("DB_HOST"));
            }
        }
        for (Ingress ingress : of(resources, Ingress.class)) {
            ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path ->
                    assertThat(path.getBackend().getService().getName()).as("only the gateway is exposed").isEqualTo("gateway")));
            if (ingress.getSpec().getTls() != null) {
                ingress.getSpec().getTls().forEach(tls -> assertThat(secrets).as("TLS Secret").contains(tls.getSecretName()));
            }
        }
        for (HorizontalPodAutoscaler autoscaler : of(resources, HorizontalPodAutoscaler.class)) {
            assertThat(names(of(resources, Deployment.class))).contains(autoscaler.getSpec().getScaleTargetRef().getName());
        }
        for (PodDisruptionBudget budget : of(resources, PodDisruptionBudget.class)) {
            Map<String, String> selector = budget.getSpec().getSelector().getMatchLabels();
            assertThat(templates).as("pods of PodDisruptionBudget " + name(budget))
                    .anySatisfy(template -> assertThat(template.getMetadata().getLabels()).containsAllEntriesOf(selector));
        }
        for (Service service : of(resources, Service.class)) {
            Map<String, String> selector = service.getSpec().getSelector();
            assertThat(templates).as("pods of Service " + name(service))
                    .anySatisfy(template -> assertThat(template.getMetadata().getLabels()).containsAllEntriesOf(selector));
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyTopicTheApplicationsUseIsDeclaredAndIntegrationDataIsCompacted(String overlay) throws Exception {
        List<HasMetadata> resources = render(overlay);
        Set<String> kafkas = names(custom(resources, "Kafka"));
        Map<String, Map<String, Object>> topics = new java.util.HashMap<>();
        for (GenericKubernetesResource topic : custom(resources, "KafkaTopic")) {
            Map<String, Object> spec = map(topic.getAdditionalProperties().get("spec"));
            assertThat(kafkas).as("the cluster of topic " + name(topic)).contains(topic.getMetadata().getLabels().get("strimzi.io/cluster"));
            topics.put((String) spec.getOrDefault("topicName", name(topic)), map(spec.getOrDefault("config", Map.of())));
        }
        assertThat(topics.keySet()).as("topics the applications use").containsAll(usedTopics());
        assertThat(topics.get("integrations.data")).containsEntry("cleanup.policy", "compact");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void imagesAreTheOnesTheBuildMakes(String overlay) throws Exception {
        Properties shared = properties(ROOT.resolve("platform/service/src/main/resources/META-INF/microprofile-config.properties"));
        String group = shared.getProperty("quarkus.container-image.group");
        assertThat(group).isNotBlank();
        for (Deployment deployment : of(render(overlay), Deployment.class)) {
            assertThat(Files.isDirectory(ROOT.resolve(name(deployment)))).as("a module named " + name(deployment)).isTrue();
            String image = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
            String repository = image.replaceFirst(":[^:/]+$", "");
            String[] parts = repository.split("/");
            if (parts.length > 2 && (parts[0].contains(".") || parts[0].contains(":"))) {
                repository = repository.substring(parts[0].length() + 1); // a registry host
            }
            assertThat(repository).as("image of " + name(deployment)).isEqualTo(group + "/" + name(deployment));
        }
    }

    // --- rendering and reading -----------------------------------------------------------------------

    private static final Map<String, List<HasMetadata>> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

    private static List<HasMetadata> render(String overlay) throws Exception {
        if (!RENDERED.containsKey(overlay)) {
            Process kubectl = new ProcessBuilder("kubectl", "kustomize", OVERLAYS.resolve(overlay).toString())
                    .redirectError(ProcessBuilder.Redirect.PIPE).start();
            String yaml = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String errors = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(kubectl.exitValue()).as("kubectl kustomize " + overlay + ": " + errors).isZero();
            List<HasMetadata> resources = new ArrayList<>();
            for (String document : yaml.split("(?m)^---\\s*$")) {
                if (!document.isBlank()) {
                    resources.add(Serialization.unmarshal(document, HasMetadata.class));
                }
            }
            RENDERED.put(overlay, resources);
        }
        return RENDERED.get(overlay);
    }

    /** The topics in the applications' messaging configuration and in docs/asyncapi.yaml. */
    private static Set<String> usedTopics() throws IOException {
        Set<String> topics = new LinkedHashSet<>();
        for (String app : APPS) {
            Properties settings = properties(ROOT.resolve(app + "/src/main/resources/application.properties"));
            settings.forEach((key, value) -> {
                String name = key.toString();
                if (TOPIC_SETTING.matcher(name).matches()) {
                    for (String topic : value.toString().split(",")) {
                        topics.add(topic.trim());
                    }
                }
                // A batch consumer's inbox sends what it cannot apply to <topic>.dlq itself (DeadLetters).
                if (name.startsWith("mp.messaging.incoming.") && name.endsWith(".batch") && "true".equals(value)) {
                    String channel = name.substring(0, name.length() - ".batch".length());
                    String topic = settings.getProperty(channel + ".topic");
                    assertThat(topic).as("the one topic of batch channel " + channel).isNotNull();
                    topics.add(topic + ".dlq");
                }
            });
        }
        Matcher address = Pattern.compile("(?m)^\\s+address: ([a-z0-9.-]+)\\s*$")
                .matcher(Files.readString(ROOT.resolve("docs/asyncapi.yaml")));
        while (address.find()) {
            topics.add(address.group(1));
        }
        assertThat(topics).contains("integrations.data", "orders.orders");
        return topics;
    }

    private static Set<String> operatorSecrets(String overlay) throws IOException {
        Path list = OVERLAYS.resolve(overlay).resolve("operator-secrets.txt");
        Set<String> names = new LinkedHashSet<>();
        if (Files.exists(list)) {
            Files.readAllLines(list).stream().map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .forEach(names::add);
        }
        return names;
    }

    /** A value naming another service by URL or host:port must name a Service of the overlay and one of its ports. */
    private static void assertReachable(String name, String value, Map<String, Set<Integer>> services) {
        Matcher url = URL.matcher(value);
        String host = null;
        int port = 0;
        if (url.find()) {
            host = url.group(1);
            port = Integer.parseInt(url.group(2));
        } else if (name.endsWith("BOOTSTRAP_SERVERS")) {
            host = value.substring(0, value.indexOf(':'));
            port = Integer.parseInt(value.substring(value.indexOf(':') + 1));
        }
        if (host != null) {
            assertThat(services).as(name + " = " + value).containsKey(host);
            assertThat(services.get(host)).as(name + " = " + value + ": a port of " + host).contains(port);
        }
    }

    /** Typed resources keep fields they do not know in additionalProperties: a typo would land there. */
    private static void assertNoUnknownFields(Object object, String where, Map<Object, Boolean> seen) throws Exception {
        if (object == null || seen.put(object, true) != null) {
            return;
        }
        if (object instanceof Collection<?> items) {
            for (Object item : items) {
                assertNoUnknownFields(item, where, seen);
            }
            return;
        }
        if (object instanceof Map<?, ?> map) {
            for (Object item : map.values()) {
                assertNoUnknownFields(item, where, seen);
            }
            return;
        }
        if (!object.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : object.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = getter.invoke(object);
            if (getter.getName().equals("getAdditionalProperties")) {
                assertThat((Map<?, ?>) value).as("fields Kubernetes does not know, in " + object.getClass().getSimpleName()
                        + " of " + where).isNullOrEmpty();
            } else {
                assertNoUnknownFields(value, where, seen);
            }
        }
    }

    private static String path(Probe probe) {
        return probe == null || probe.getHttpGet() == null ? null : probe.getHttpGet().getPath();
    }

    private static Set<String> keys(Secret secret) {
        Set<String> keys = new LinkedHashSet<>();
        if (secret.getData() != null) {
            keys.addAll(secret.getData().keySet());
        }
        if (secret.getStringData() != null) {
            keys.addAll(secret.getStringData().keySet());
        }
        return keys;
    }

    private static <T extends HasMetadata> List<T> of(List<HasMetadata> resources, Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static List<GenericKubernetesResource> custom(List<HasMetadata> resources, String kind) {
        return of(resources, GenericKubernetesResource.class).stream().filter(resource -> resource.getKind().equals(kind)).toList();
    }

    private static Set<String> names(List<? extends HasMetadata> resources) {
        Set<String> names = new LinkedHashSet<>();
        resources.forEach(resource -> names.add(name(resource)));
        return names;
    }

    private static String name(HasMetadata resource) {
        return resource.getMetadata().getName();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return properties;
    }
}
