package dev.entrepot.platform.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.platform.service.Dialects;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Piranya's clients (docs/dialects.md), once the gateway has read their {@code data/{Type}.{format}} as the
 * canonical collection and named the dialect in {@link Dialects#HEADER}: what their requests carry that the
 * canonical API takes otherwise, and the envelope their answers come in.
 * <ul>
 * <li>{@code api_version}: 3, the default; another is a 400. It is taken off the query, as the canonical
 * lists refuse parameters they do not know.</li>
 * <li>A write's body is {@code {"data": [...]}} and may carry the request's parameters beside it
 * ({@code "elevation": "admin"}): {@code api_version} is checked there too, and who the write acts as is
 * read from there when the query does not say it.</li>
 * <li>Fields Piranya names otherwise ({@code system_identifier}, a product's {@code sku}) are renamed in
 * bodies and filters, and both names are in the answer; a user also shows {@code username} and
 * {@code profile}.</li>
 * <li>Every answer is {@code {"api_version": 3, "locale": …, "data": [...], "result": "ok"}} with its status;
 * a refusal keeps its status and says {@code "result": "error"} with the message and field errors. A
 * list's total is in the header {@value #TOTAL_COUNT}.</li>
 * </ul>
 */
public class PiranyaDialect {

    /** The header that says how many records a list matches in all (Piranya's envelope has no place for it). */
    public static final String TOTAL_COUNT = "Entrepot-Total-Count";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String VERSION_PARAMETER = "api_version";
    /** By collection: Piranya's name of a field → ours. */
    private static final Map<String, Map<String, String>> ALIASES = Map.of("products", Map.of("system_identifier", "sku"));
    /** A user's profile as Piranya shows it, in its order: its field → ours. */
    private static final Map<String, String> PROFILE = new LinkedHashMap<>();

    static {
        PROFILE.put("first_name", "first_name");
        PROFILE.put("middle_name", "middle_name");
        PROFILE.put("last_name", "last_name");
        PROFILE.put("email", "email");
        PROFILE.put("primary_phone", "phone");
    }

    public static boolean speaks(String dialectHeader) {
        return Dialects.PIRANYA.equals(dialectHeader);
    }

    /** {@code api_version} checked and taken off; filters by Piranya's names of fields read as ours. */
    @ServerRequestFilter(preMatching = true)
    public void query(ContainerRequestContext request) {
        if (!speaks(request.getHeaderString(Dialects.HEADER))) {
            return;
        }
        URI uri = request.getUriInfo().getRequestUri();
        String rawQuery = uri.getRawQuery();
        if (rawQuery == null) {
            return;
        }
        Map<String, String> aliases = ALIASES.getOrDefault(collection(request.getUriInfo().getPath()), Map.of());
        List<String> kept = new ArrayList<>();
        boolean changed = false;
        // The raw query, rewritten part by part: its values stay as the client encoded them.
        for (String part : rawQuery.split("&", -1)) {
            int equals = part.indexOf('=');
            String name = decoded(equals < 0 ? part : part.substring(0, equals));
            String field = fieldOf(name);
            if (name.equals(VERSION_PARAMETER)) {
                checkVersion(decoded(equals < 0 ? "" : part.substring(equals + 1)));
                changed = true;
            } else if (aliases.containsKey(field)) {
                kept.add(URLEncoder.encode(aliases.get(field) + name.substring(field.length()), StandardCharsets.UTF_8)
                        + (equals < 0 ? "" : part.substring(equals)));
                changed = true;
            } else {
                kept.add(part);
            }
        }
        if (changed) {
            String base = uri.toString();
            base = base.substring(0, base.indexOf('?'));
            request.setRequestUri(URI.create(kept.isEmpty() ? base : base + "?" + String.join("&", kept)));
        }
    }

    /**
     * A write's parameters beside {@code data}: {@code api_version} is checked, and who the write acts as
     * ({@code elevation} or {@code mode}, {@code for_department_id}) is read from there unless the query says
     * it; its items' fields are renamed.
     */
    @ServerRequestFilter(readBody = true)
    public void body(ContainerRequestContext request, HttpServerRequest http) throws IOException {
        if (!speaks(request.getHeaderString(Dialects.HEADER)) || !request.hasEntity() || !isJson(request.getMediaType())) {
            return;
        }
        byte[] bytes = request.getEntityStream().readAllBytes();
        request.setEntityStream(new ByteArrayInputStream(bytes));
        JsonNode body;
        try {
            body = MAPPER.readTree(bytes);
        } catch (IOException unreadable) {
            return; // the body reader refuses it, in the envelope
        }
        if (body == null || !body.isObject() || !(body.get("data") instanceof ArrayNode data)) {
            return;
        }
        Map<String, String> aliases = ALIASES.getOrDefault(collection(request.getUriInfo().getPath()), Map.of());
        data.forEach(item -> rename(item, aliases));
        for (Map.Entry<String, JsonNode> parameter : body.properties()) {
            String name = parameter.getKey();
            JsonNode value = parameter.getValue();
            if (name.equals("data")) {
                continue;
            }
            if (!value.isValueNode() || value.isNull()) {
                throw ApiException.badParameter(name, "A parameter beside data is one value, as in the query: " + name);
            }
            if (name.equals(VERSION_PARAMETER)) {
                checkVersion(value.asText());
            } else if (http.getParam(name) == null) {
                http.params().add(name, value.asText());
            }
        }
        request.setEntityStream(new ByteArrayInputStream(MAPPER.writeValueAsBytes(MAPPER.createObjectNode().set("data", data))));
    }

    /**
     * The canonical envelope rewritten as Piranya's, in place; a list's total goes to {@value #TOTAL_COUNT}.
     * The locale is the request's {@code Accept-Language}, else {@code organizationLocale}, else the default.
     */
    static void render(Envelope envelope, ContainerRequestContext request, ContainerResponseContext response,
            String organizationLocale) {
        ObjectNode body = envelope.body();
        if (body.has("total_count")) {
            response.getHeaders().putSingle(TOTAL_COUNT, body.get("total_count").asText());
        }
        ObjectNode answer = answer(body, envelope.isError(), collection(request.getUriInfo().getPath()),
                Dialects.Piranya.locale(request.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE), organizationLocale));
        body.removeAll();
        body.setAll(answer);
    }

    /** Piranya's envelope of a canonical one: {@code data} always a list, the records as its clients read them. */
    static ObjectNode answer(ObjectNode canonical, boolean error, String collection, String locale) {
        ArrayNode data = MAPPER.createArrayNode();
        JsonNode records = canonical.get("data");
        if (records instanceof ArrayNode list) {
            list.forEach(record -> data.add(record.deepCopy()));
        } else if (records != null && records.isObject()) {
            data.add(records.deepCopy());
        }
        data.forEach(record -> show(record, collection));
        ObjectNode answer = MAPPER.createObjectNode();
        answer.put("api_version", Dialects.Piranya.API_VERSION);
        answer.put("locale", locale);
        answer.set("data", data);
        answer.put("result", error ? "error" : "ok");
        if (error) {
            answer.set("message", canonical.get("message"));
            answer.set("error_code", canonical.get("error_code"));
            answer.set("errors", canonical.get("errors"));
        }
        return answer;
    }

    /** A 204 answers Piranya's envelope with no data: its clients read a body from every answer. */
    static void renderNoContent(ContainerRequestContext request, ContainerResponseContext response, String organizationLocale) {
        Envelope envelope = Envelope.records(200, "OK", List.of(), null, request.getUriInfo().getPath());
        render(envelope, request, response, organizationLocale);
        boolean xml = request.getAcceptableMediaTypes().stream()
                .anyMatch(type -> type.isCompatible(MediaType.APPLICATION_XML_TYPE) && !type.isWildcardType());
        response.setStatus(Response.Status.OK.getStatusCode());
        response.setEntity(envelope, null, xml ? MediaType.APPLICATION_XML_TYPE : MediaType.APPLICATION_JSON_TYPE);
    }

    static void checkVersion(String version) {
        if (!String.valueOf(Dialects.Piranya.API_VERSION).equals(version == null ? null : version.trim())) {
            throw ApiException.badParameter(VERSION_PARAMETER, "api_version " + Checks.printable(String.valueOf(version))
                    + " is not served here; this API speaks version " + Dialects.Piranya.API_VERSION);
        }
    }

    private static void rename(JsonNode item, Map<String, String> aliases) {
        if (item instanceof ObjectNode fields) {
            aliases.forEach((theirs, ours) -> {
                if (fields.has(theirs) && !fields.has(ours)) {
                    fields.set(ours, fields.remove(theirs));
                } else {
                    fields.remove(theirs);
                }
            });
        }
    }

    /** A record as Piranya's clients read it: our fields, and theirs beside them. */
    private static void show(JsonNode record, String collection) {
        if (!(record instanceof ObjectNode fields)) {
            return;
        }
        ALIASES.getOrDefault(collection, Map.of()).forEach((theirs, ours) -> fields.set(theirs, fields.get(ours)));
        if ("users".equals(collection) && fields.has("email")) {
            fields.set("username", fields.get("email"));
            ObjectNode profile = fields.putObject("profile");
            PROFILE.forEach((theirs, ours) -> profile.set(theirs, fields.has(ours) ? fields.get(ours) : profile.nullNode()));
        }
    }

    /** {@code /api/v1/products} → {@code products}. */
    private static String collection(String path) {
        String rest = path.startsWith("/api/v1/") ? path.substring("/api/v1/".length()) : "";
        int end = rest.indexOf('/');
        String segment = end < 0 ? rest : rest.substring(0, end);
        int dot = segment.indexOf('.');
        return dot < 0 ? segment : segment.substring(0, dot);
    }

    private static String decoded(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw ApiException.badRequest("The query holds a malformed escape: " + Checks.printable(encoded));
        }
    }

    /** {@code system_identifier[in]} → {@code system_identifier}. */
    private static String fieldOf(String parameter) {
        int bracket = parameter.indexOf('[');
        return bracket < 0 ? parameter : parameter.substring(0, bracket);
    }

    private static boolean isJson(MediaType type) {
        return type == null || type.getSubtype().equals("json") || type.getSubtype().endsWith("+json");
    }
}
