package dev.entrepot.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.entrepot.deploy.Registration.Entity;
import dev.entrepot.deploy.Registration.Places;
import dev.entrepot.platform.api.EntityRegistry;
import dev.entrepot.platform.api.EntityResource;
import dev.entrepot.platform.api.EntityType;
import dev.entrepot.platform.api.RecordReader;
import dev.entrepot.platform.api.WritePolicy;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Reads the inputs of {@link Registration}: the entities, from the classes that declare them and the
 * resources next to them (as plain classes: nothing is started), and what the places list, from the files.
 */
final class Declarations {

    private static final Pattern API_PATH = Pattern.compile("/?api/v1/([^/{]+)(?:/.*)?");
    private static final Pattern ADDRESS = Pattern.compile("(?m)^\\s+address: ([a-z0-9.-]+)\\s*$");
    private static final Pattern TOPIC_LITERAL = Pattern.compile("\"([a-z0-9-]+(?:\\.[a-z0-9-]+)+)\"");

    private Declarations() {
    }

    /**
     * The entities {@code declaring} (a class of {@code module}) declares, with what their resources and the
     * module's configuration say about them:
     * <ul>
     * <li>the resource is the class, in the declaring class's package or below, whose {@code @Path} ends with
     * the entity's name (/api/v1/brands, /api/v1/inventory/adjustments);</li>
     * <li>its changes are published as record events when they go through the generic write path
     * (EntityService, which fires the changes RecordEvents publishes): an EntityResource whose write policy
     * allows any write (all writes, or an order's PATCH of integrationsData); a service that turns record
     * events off ({@code entrepot.record-events.enabled=false}: identity-service words its events itself)
     * publishes them for an entity whose topic its code names ({@code "identity.departments"});</li>
     * <li>it carries integration data when its resource takes a PATCH and the service keeps integration
     * data (it depends on platform-integration-data);</li>
     * <li>it is deletable when its write policy allows every write.</li>
     * </ul>
     */
    static List<Entity> of(Path root, String module, Class<?> declaring) throws IOException {
        Properties config = properties(root.resolve(module + "/src/main/resources/application.properties"));
        String service = config.getProperty("quarkus.application.name", module).replaceFirst("-service$", "");
        boolean recordEvents = !"false".equals(config.getProperty("entrepot.record-events.enabled", "true").trim());
        boolean forwardsIntegrationData = Files.readString(root.resolve(module + "/pom.xml"))
                .contains("<artifactId>platform-integration-data</artifactId>");
        Set<String> namedTopics = new LinkedHashSet<>();
        try (Stream<Path> sources = Files.walk(root.resolve(module + "/src/main/java"))) {
            for (Path source : sources.filter(file -> file.toString().endsWith(".java")).toList()) {
                Matcher literal = TOPIC_LITERAL.matcher(Files.readString(source));
                while (literal.find()) {
                    namedTopics.add(literal.group(1));
                }
            }
        }
        Map<String, Class<?>> resources = resources(declaring);
        List<Entity> entities = new ArrayList<>();
        for (EntityType type : EntityRegistry.declaredIn(declaring).types()) {
            Class<?> resource = resources.get(type.name());
            if (resource == null) {
                entities.add(new Entity(service, type.name(), declaring.getName(), null, null, type.name(), false, false, false));
                continue;
            }
            Matcher path = API_PATH.matcher(resource.getAnnotation(jakarta.ws.rs.Path.class).value());
            path.matches();
            WritePolicy policy = writePolicy(resource);
            boolean writable = policy != WritePolicy.NONE;
            entities.add(new Entity(service, type.name(), declaring.getName(), resource.getName(), serves(resource), path.group(1),
                    writable && (recordEvents || namedTopics.contains(service + "." + type.name())), forwardsIntegrationData && writable,
                    policy == WritePolicy.ALL));
        }
        return entities;
    }

    /** What the places outside the services list, read from the files under {@code root}. */
    static Places places(Path root) throws IOException {
        Map<String, Set<String>> gateway = new HashMap<>();
        Pattern gatewayKey = Pattern.compile("gateway\\.services\\.([a-z0-9-]+)\\.resources");
        properties(root.resolve(Registration.GATEWAY)).forEach((key, value) -> {
            Matcher matcher = gatewayKey.matcher(key.toString());
            if (matcher.matches()) {
                gateway.put(matcher.group(1), list(value.toString()));
            }
        });

        Set<String> k8sTopics = new LinkedHashSet<>();
        for (String document : Files.readString(root.resolve(Registration.K8S_TOPICS)).split("(?m)^---\\s*$")) {
            if (!document.isBlank() && Serialization.unmarshal(document, HasMetadata.class) instanceof GenericKubernetesResource topic
                    && "KafkaTopic".equals(topic.getKind())) {
                Object spec = topic.getAdditionalProperties().get("spec");
                Object name = spec instanceof Map<?, ?> map ? map.get("topicName") : null;
                k8sTopics.add(name != null ? name.toString() : topic.getMetadata().getName());
            }
        }

        Set<String> channels = new LinkedHashSet<>();
        Matcher address = ADDRESS.matcher(Files.readString(root.resolve(Registration.ASYNCAPI)));
        while (address.find()) {
            channels.add(address.group(1));
        }

        Properties integrations = properties(root.resolve(Registration.INTEGRATIONS));
        Properties broker = properties(root.resolve(Registration.LOCAL_BROKER));
        Set<String> localTopics = new LinkedHashSet<>();
        Matcher literal = TOPIC_LITERAL.matcher(Files.readString(root.resolve(Registration.LOCAL_TOPICS)));
        while (literal.find()) {
            localTopics.add(literal.group(1));
        }
        return new Places(gateway, k8sTopics, channels,
                list(integrations.getProperty("entrepot.integrations-data.entities", "")),
                list(integrations.getProperty("mp.messaging.incoming.records.topics", "")),
                // Kafka's default is to auto-create
                !"false".equals(broker.getProperty("auto.create.topics.enable", "true").trim()), localTopics);
    }

    /** The JAX-RS resources in the declaring class's package or below, by the last segment of their path. */
    private static Map<String, Class<?>> resources(Class<?> declaring) throws IOException {
        Map<String, Class<?>> resources = new LinkedHashMap<>();
        String prefix = declaring.getPackageName().replace('.', '/') + "/";
        for (String name : classNames(declaring, prefix)) {
            Class<?> candidate;
            try {
                candidate = Class.forName(name, false, declaring.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("cannot load " + name, e);
            }
            jakarta.ws.rs.Path path = candidate.getAnnotation(jakarta.ws.rs.Path.class);
            if (path != null && API_PATH.matcher(path.value()).matches()) {
                String[] segments = path.value().replaceAll("/+$", "").split("/");
                resources.putIfAbsent(segments[segments.length - 1], candidate);
            }
        }
        return resources;
    }

    /** The top-level classes under {@code prefix} in the directory or jar {@code declaring} was loaded from. */
    private static List<String> classNames(Class<?> declaring, String prefix) throws IOException {
        Path location;
        try {
            location = Path.of(declaring.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (Files.isDirectory(location)) {
            return classNames(location, location.resolve(prefix));
        }
        try (FileSystem jar = FileSystems.newFileSystem(location)) {
            return classNames(jar.getPath("/"), jar.getPath("/" + prefix));
        }
    }

    private static List<String> classNames(Path base, Path under) throws IOException {
        try (Stream<Path> files = Files.walk(under)) {
            return files.map(file -> base.relativize(file).toString())
                    .filter(file -> file.endsWith(".class") && !file.contains("$"))
                    .map(file -> file.substring(0, file.length() - ".class".length()).replace('/', '.'))
                    .sorted().toList();
        }
    }

    /** The name of the entity a RecordReader's {@code type()} returns (resources have no constructor arguments). */
    private static String serves(Class<?> resource) {
        if (!RecordReader.class.isAssignableFrom(resource)) {
            return null;
        }
        try {
            java.lang.reflect.Constructor<?> constructor = resource.getDeclaredConstructor();
            constructor.setAccessible(true);
            java.lang.reflect.Method type = RecordReader.class.getDeclaredMethod("type");
            type.setAccessible(true);
            return ((EntityType) type.invoke(constructor.newInstance())).name();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot ask " + resource.getName() + " for its type()", e);
        }
    }

    /** What an EntityResource lets through (its writePolicy(), read from a bare instance); a RecordReader writes nothing. */
    private static WritePolicy writePolicy(Class<?> resource) {
        if (!EntityResource.class.isAssignableFrom(resource)) {
            return WritePolicy.NONE;
        }
        try {
            Method method = EntityResource.class.getDeclaredMethod("writePolicy");
            method.setAccessible(true);
            Constructor<?> constructor = resource.getDeclaredConstructor();
            constructor.setAccessible(true);
            return (WritePolicy) method.invoke(constructor.newInstance());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the write policy of " + resource.getName(), e);
        }
    }

    private static Set<String> list(String value) {
        Set<String> items = new LinkedHashSet<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return properties;
    }
}
