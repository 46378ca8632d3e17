package dev.entrepot.gateway.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/**
 * The public API's one OpenAPI document, merged from the services' own documents at build time (the
 * gateway's build runs {@link #main} after the services are packaged; docs/api.md#the-api-description):
 * only their {@code /api/v1/...} paths, the components those paths reach, and {@code servers} naming the
 * gateway that serves it. Two services that define one operation, or one component name differently,
 * fail the build instead of one silently winning.
 */
public final class PublicDocument {

    static final String PREFIX = "/api/v1/";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));
    private static final List<String> COMPONENT_KINDS = List.of("schemas", "responses", "parameters", "headers", "securitySchemes");

    private PublicDocument() {
    }

    /**
     * {@code main(outputDirectory, asyncApi, document...)}: merges the documents (the gateway's own
     * {@code src/main/openapi/gateway.yaml}, then each service's) into openapi.json and openapi.yaml, and
     * writes asyncapi.yaml, docs/asyncapi.yaml with its record events typed ({@link EventDocument}).
     */
    public static void main(String[] args) throws IOException {
        Path output = Path.of(args[0]);
        JsonNode events = YAML.readTree(Path.of(args[1]).toFile());
        Map<String, JsonNode> services = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            Path document = Path.of(args[i]);
            if (!Files.isRegularFile(document)) {
                throw new IllegalStateException(document + " is missing: package the services before the gateway");
            }
            ObjectMapper reader = document.toString().endsWith(".yaml") ? YAML : JSON;
            services.put(document.toString(), reader.readTree(document.toFile()));
        }
        ObjectNode merged = merge(services);
        Files.createDirectories(output);
        Files.writeString(output.resolve("openapi.json"), JSON.writeValueAsString(merged));
        Files.writeString(output.resolve("openapi.yaml"), YAML.writeValueAsString(merged));
        Files.writeString(output.resolve("asyncapi.yaml"), YAML.writeValueAsString(EventDocument.typed(events, merged)));
    }

    static ObjectNode merge(Map<String, JsonNode> services) {
        ObjectNode merged = JSON.createObjectNode();
        merged.put("openapi", "3.0.3");
        merged.set("info", info());
        merged.putArray("servers").addObject().put("url", "/").put("description", "The gateway that serves this document");
        ArrayNode tags = JSON.createArrayNode();
        Set<String> tagNames = new LinkedHashSet<>();
        ObjectNode paths = JSON.createObjectNode();
        Map<String, ObjectNode> components = new LinkedHashMap<>();
        COMPONENT_KINDS.forEach(kind -> components.put(kind, JSON.createObjectNode()));
        Map<String, String> origins = new LinkedHashMap<>();
        JsonNode security = null;
        for (Map.Entry<String, JsonNode> service : services.entrySet()) {
            JsonNode document = service.getValue();
            for (Iterator<Map.Entry<String, JsonNode>> it = document.path("paths").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> path = it.next();
                if (!path.getKey().startsWith(PREFIX)) {
                    continue;
                }
                ObjectNode item = paths.has(path.getKey()) ? (ObjectNode) paths.get(path.getKey()) : paths.putObject(path.getKey());
                for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                    Map.Entry<String, JsonNode> operation = ops.next();
                    if (item.has(operation.getKey())) {
                        throw new IllegalStateException(operation.getKey().toUpperCase() + " " + path.getKey()
                                + " is described by two services (" + service.getKey() + " and another)");
                    }
                    item.set(operation.getKey(), operation.getValue());
                }
            }
            for (String kind : COMPONENT_KINDS) {
                for (Iterator<Map.Entry<String, JsonNode>> it = document.path("components").path(kind).fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> component = it.next();
                    JsonNode existing = components.get(kind).get(component.getKey());
                    if (existing != null && !existing.equals(component.getValue())) {
                        throw new IllegalStateException("components." + kind + "." + component.getKey() + " differs between "
                                + origins.get(kind + "/" + component.getKey()) + " and " + service.getKey());
                    }
                    components.get(kind).set(component.getKey(), component.getValue());
                    origins.putIfAbsent(kind + "/" + component.getKey(), service.getKey());
                }
            }
            for (JsonNode tag : document.path("tags")) {
                if (tagNames.add(tag.path("name").asText())) {
                    tags.add(tag);
                }
            }
            if (document.has("security")) {
                security = document.get("security");
            }
        }
        merged.set("tags", tags);
        merged.set("paths", sorted(paths));
        if (security != null) {
            merged.set("security", security);
        }
        merged.set("components", reachable(paths, components));
        return merged;
    }

    private static ObjectNode info() {
        ObjectNode info = JSON.createObjectNode();
        info.put("title", "Entrepôt API");
        info.put("version", "1");
        info.put("description", """
                The public API of Entrepôt, a commerce integration platform: catalog, inventory, orders, \
                customers, users and integrations, each record with the outside ids your systems keep \
                (integrationsData), and the third-party connections the platform holds for you.

                Every request goes to this gateway under /api/v1 with a credential in Authorization: an API key \
                as it is, Bearer with a session token (POST /api/v1/auth/login), an access token or an API key, \
                or Basic with email:password or key:. Every JSON answer has one envelope (data, message, status, \
                errors, error_code, endpoint; lists add count, total_count, page, limit, has_next and pagination). \
                Errors answer the same envelope with error_code naming the case and errors naming each field.""");
        return info;
    }

    private static ObjectNode sorted(ObjectNode paths) {
        ObjectNode sorted = JSON.createObjectNode();
        List<String> names = new java.util.ArrayList<>();
        paths.fieldNames().forEachRemaining(names::add);
        names.stream().sorted().forEach(name -> sorted.set(name, paths.get(name)));
        return sorted;
    }

    /** The components the public paths refer to, directly or through other components; no internal leftovers. */
    private static ObjectNode reachable(ObjectNode paths, Map<String, ObjectNode> components) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<JsonNode> pending = new ArrayDeque<>(List.of(paths));
        components.get("securitySchemes").fieldNames().forEachRemaining(name -> seen.add("securitySchemes/" + name));
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isObject()) {
                JsonNode ref = node.get("$ref");
                if (ref != null && ref.asText().startsWith("#/components/")) {
                    String key = ref.asText().substring("#/components/".length());
                    if (seen.add(key)) {
                        String[] parts = key.split("/", 2);
                        JsonNode target = components.getOrDefault(parts[0], JSON.createObjectNode()).get(parts[1]);
                        if (target == null) {
                            throw new IllegalStateException(ref.asText() + " is referred to but no service defines it");
                        }
                        pending.push(target);
                    }
                }
                node.elements().forEachRemaining(pending::push);
            } else if (node.isArray()) {
                node.elements().forEachRemaining(pending::push);
            }
        }
        ObjectNode result = JSON.createObjectNode();
        for (String kind : COMPONENT_KINDS) {
            ObjectNode kept = JSON.createObjectNode();
            List<String> names = new java.util.ArrayList<>();
            components.get(kind).fieldNames().forEachRemaining(names::add);
            names.stream().sorted().filter(name -> seen.contains(kind + "/" + name))
                    .forEach(name -> kept.set(name, components.get(kind).get(name)));
            if (!kept.isEmpty()) {
                result.set(kind, kept);
            }
        }
        return result;
    }
}
