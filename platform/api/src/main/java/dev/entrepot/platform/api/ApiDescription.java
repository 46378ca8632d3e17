package dev.entrepot.platform.api;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.PathItem.HttpMethod;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.parameters.RequestBody;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;
import org.eclipse.microprofile.openapi.models.tags.Tag;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.FieldInfo;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * A service's OpenAPI document, finished at build time. The service's static file
 * ({@code META-INF/openapi.yaml}) describes its hand-written operations; this filter adds every operation of
 * the generic API of each {@link EntityResource} from the entity declarations (schemas, list parameters,
 * envelopes), the shared components, the error responses and security of every operation, and refuses
 * to build a document that lacks an endpoint the code serves or names one it does not (docs/api.md#the-api-description).
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ApiDescription implements OASFilter {

    private static final String REF = EntitySchemas.REF;
    private static final String RESPONSES = "#/components/responses/";
    private static final String PARAMETERS = "#/components/parameters/";
    private static final DotName PATH = DotName.createSimple("jakarta.ws.rs.Path");
    private static final List<String> HTTP_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final String LIST_EXTENSION = "x-entrepot-list";
    private static final String RECORD_EXTENSION = "x-entrepot-record";
    /** The paths the document describes; anything else (a test's own resource under /test) is not the API. */
    private static final List<String> DESCRIBED = List.of("/api/", "/internal/", "/.well-known/");
    private static final List<String> SECURITY_SCHEMES = List.of("ApiKey", "BearerToken", "BasicPassword", "BasicKey");

    private final IndexView index;

    public ApiDescription(IndexView index) {
        this.index = index;
    }

    /** One {@link EntityResource} of the service: its path, entity and what it allows. */
    record Resource(String path, EntityType type, WritePolicy policy, boolean createsItsOwnWay) {
    }

    @Override
    public void filterOpenAPI(OpenAPI document) {
        Map<String, EntityType> entities = entities();
        if (entities.isEmpty() && (document.getPaths() == null || document.getPaths().getPathItems().isEmpty())) {
            return; // an application without an API of its own (the gateway)
        }
        Components components = document.getComponents() == null ? OASFactory.createComponents() : document.getComponents();
        document.setComponents(components);
        if (document.getPaths() == null) {
            document.setPaths(OASFactory.createPaths());
        }
        shared(components);
        for (EntityType type : entities.values()) {
            new EntitySchemas(type).all().forEach((name, schema) -> {
                if (components.getSchemas() == null || !components.getSchemas().containsKey(name)) {
                    components.addSchema(name, schema);
                }
            });
        }
        List<Resource> resources = resources();
        for (Resource resource : resources) {
            new EntityOperations(document, resource).add();
        }
        for (PathItem item : document.getPaths().getPathItems().values()) {
            for (Map.Entry<HttpMethod, Operation> operation : item.getOperations().entrySet()) {
                generic(operation.getValue(), entities);
                finish(operation.getKey(), operation.getValue(), item);
            }
        }
        security(document);
        tags(document);
        refuseDrift(document, resources);
    }

    // --- what the code declares ---------------------------------------------------------------------

    /** Every entity declared as a {@code public static final EntityType} of a class of the service, by name. */
    private Map<String, EntityType> entities() {
        Map<String, EntityType> entities = new LinkedHashMap<>();
        DotName entityType = DotName.createSimple(EntityType.class.getName());
        for (ClassInfo declaring : index.getKnownClasses()) {
            for (FieldInfo field : declaring.fields()) {
                if (field.type().name().equals(entityType) && Modifier.isStatic(field.flags()) && Modifier.isPublic(field.flags())) {
                    EntityRegistry.declaredIn(load(declaring)).types().forEach(type -> entities.put(type.name(), type));
                    break;
                }
            }
        }
        return entities;
    }

    private List<Resource> resources() {
        List<Resource> resources = new ArrayList<>();
        for (ClassInfo info : index.getAllKnownSubclasses(DotName.createSimple(EntityResource.class.getName()))) {
            if (Modifier.isAbstract(info.flags()) || info.declaredAnnotation(PATH) == null
                    || !described(normalize(info.declaredAnnotation(PATH).value().asString()))) {
                continue;
            }
            Class<?> type = load(info);
            try {
                Constructor<?> constructor = type.getDeclaredConstructor();
                constructor.setAccessible(true);
                EntityResource resource = (EntityResource) constructor.newInstance();
                resources.add(new Resource(normalize(info.declaredAnnotation(PATH).value().asString()), resource.type(),
                        resource.writePolicy(), overridesCreation(type)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot describe " + type.getName() + ": it needs a constructor without parameters", e);
            }
        }
        resources.sort(java.util.Comparator.comparing(Resource::path));
        return resources;
    }

    private static boolean overridesCreation(Class<?> type) {
        for (Class<?> at = type; at != EntityResource.class; at = at.getSuperclass()) {
            try {
                at.getDeclaredMethod("creation");
                return true;
            } catch (NoSuchMethodException e) {
                // look further up
            }
        }
        return false;
    }

    private static Class<?> load(ClassInfo info) {
        try {
            return Class.forName(info.name().toString(), true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every operation the document has must be served, and every operation the JAX-RS resources serve
     * must be in the document: a hand-written endpoint missing from the static file fails the build.
     */
    private void refuseDrift(OpenAPI document, List<Resource> resources) {
        Set<String> served = new TreeSet<>();
        for (AnnotationInstance path : index.getAnnotations(PATH)) {
            if (path.target().kind() != org.jboss.jandex.AnnotationTarget.Kind.CLASS) {
                continue;
            }
            ClassInfo resource = path.target().asClass();
            if (Modifier.isInterface(resource.flags()) || Modifier.isAbstract(resource.flags())) {
                continue; // REST clients, and bases whose subclasses name the path
            }
            for (ClassInfo at = resource; at != null; at = superclass(at)) {
                boolean generic = at.name().toString().equals(EntityResource.class.getName())
                        || at.name().toString().equals(RecordReader.class.getName());
                for (MethodInfo method : at.methods()) {
                    for (String verb : HTTP_METHODS) {
                        if (method.hasDeclaredAnnotation(DotName.createSimple("jakarta.ws.rs." + verb)) && !generic) {
                            AnnotationInstance sub = method.declaredAnnotation(PATH);
                            String template = normalize(path.value().asString() + (sub == null ? "" : "/" + sub.value().asString()));
                            if (described(template)) {
                                served.add(verb + " " + template);
                            }
                        }
                    }
                }
            }
        }
        for (Resource resource : resources) {
            served.addAll(EntityOperations.served(resource));
        }
        Set<String> documented = new TreeSet<>();
        document.getPaths().getPathItems().forEach((path, item) -> item.getOperations().keySet()
                .forEach(method -> documented.add(method.name() + " " + path)));
        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        Set<String> invented = new TreeSet<>(documented);
        invented.removeAll(served);
        if (!undocumented.isEmpty() || !invented.isEmpty()) {
            throw new IllegalStateException("The OpenAPI document and the code disagree. Served but not in "
                    + "META-INF/openapi.yaml: " + undocumented + "; documented but not served: " + invented);
        }
    }

    static boolean described(String path) {
        return DESCRIBED.stream().anyMatch(path::startsWith);
    }

    private ClassInfo superclass(ClassInfo info) {
        return info.superName() == null ? null : index.getClassByName(info.superName());
    }

    /** {@code /api/v1/things/{id: [a-z]+}} as OpenAPI writes it: {@code /api/v1/things/{id}}. */
    static String normalize(String path) {
        String clean = ("/" + path).replaceAll("/+", "/").replaceAll("\\{\\s*([A-Za-z0-9_]+)\\s*:[^}]*}", "{$1}");
        return clean.length() > 1 && clean.endsWith("/") ? clean.substring(0, clean.length() - 1) : clean;
    }

    // --- every operation -----------------------------------------------------------------------------

    /** A hand-written operation that answers like the generic list or read, said by an extension. */
    private static void generic(Operation operation, Map<String, EntityType> entities) {
        Map<String, Object> extensions = operation.getExtensions();
        if (extensions == null) {
            return;
        }
        Object list = extensions.get(LIST_EXTENSION);
        Object record = extensions.get(RECORD_EXTENSION);
        if (list != null) {
            EntityType type = entity(entities, list);
            EntityOperations.listParameters(operation, type);
            if (operation.getResponses() == null || operation.getResponses().getAPIResponse("200") == null) {
                operation.setResponses(responses(operation).addAPIResponse("200", EntityOperations.listResponse(type)));
            }
            operation.removeExtension(LIST_EXTENSION);
        }
        if (record != null) {
            EntityType type = entity(entities, record);
            if (operation.getResponses() == null || operation.getResponses().getAPIResponse("200") == null) {
                operation.setResponses(responses(operation).addAPIResponse("200", EntityOperations.recordResponse(type, 200, "The record.")));
            }
            operation.removeExtension(RECORD_EXTENSION);
        }
    }

    private static EntityType entity(Map<String, EntityType> entities, Object name) {
        EntityType type = entities.get(String.valueOf(name));
        if (type == null) {
            throw new IllegalStateException("No entity " + name + " (known: " + entities.keySet() + ")");
        }
        return type;
    }

    private static APIResponses responses(Operation operation) {
        return operation.getResponses() == null ? OASFactory.createAPIResponses() : operation.getResponses();
    }

    /** The error responses, headers and security every operation has unless it says otherwise. */
    private static void finish(HttpMethod method, Operation operation, PathItem item) {
        APIResponses responses = responses(operation);
        operation.setResponses(responses);
        boolean open = operation.getSecurity() != null && operation.getSecurity().isEmpty();
        boolean hasBody = operation.getRequestBody() != null;
        boolean onRecord = hasPathParameter(operation, item);
        boolean writes = method != HttpMethod.GET && method != HttpMethod.OPTIONS && method != HttpMethod.HEAD
                && !operation.getOperationId().startsWith("query");
        boolean ifMatch = operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(p -> "If-Match".equals(p.getName()) || (PARAMETERS + "IfMatch").equals(p.getRef()));
        error(responses, "400", "BadRequest");
        if (!open) {
            error(responses, "401", "Unauthorized");
            error(responses, "403", "Forbidden");
        }
        if (onRecord || (writes && hasBody)) {
            // A record named in the path, or in a write's body (a batch's ids, a reference).
            error(responses, "404", "NotFound");
        }
        if (writes) {
            error(responses, "409", "Conflict");
        }
        if (ifMatch) {
            error(responses, "412", "PreconditionFailed");
        }
        error(responses, "406", "NotAcceptable");
        if (hasBody || method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH
                || method == HttpMethod.DELETE) {
            // A body may come whether the operation takes one or not; the wrong kind is refused.
            error(responses, "413", "PayloadTooLarge");
            error(responses, "415", "UnsupportedMediaType");
        }
        if (hasBody) {
            error(responses, "422", "ValidationFailed");
        }
        error(responses, "429", "TooManyRequests");
        error(responses, "503", "Unavailable");
        for (Map.Entry<String, APIResponse> response : responses.getAPIResponses().entrySet()) {
            APIResponse answer = response.getValue();
            if (answer.getRef() == null && (answer.getHeaders() == null || !answer.getHeaders().containsKey("X-Request-Id"))) {
                answer.addHeader("X-Request-Id", OASFactory.createHeader().ref("#/components/headers/X-Request-Id"));
                if (!open) {
                    rateLimitHeaders(answer);
                }
            }
        }
        if (operation.getTags() == null || operation.getTags().isEmpty()) {
            throw new IllegalStateException("Operation " + operation.getOperationId() + " has no tag");
        }
        if (operation.getOperationId() == null || operation.getSummary() == null) {
            throw new IllegalStateException("Every operation needs an operationId and a summary: " + method + " " + operation.getOperationId());
        }
    }

    private static boolean hasPathParameter(Operation operation, PathItem item) {
        List<Parameter> parameters = new ArrayList<>();
        if (operation.getParameters() != null) {
            parameters.addAll(operation.getParameters());
        }
        if (item.getParameters() != null) {
            parameters.addAll(item.getParameters());
        }
        return parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.PATH || (p.getRef() != null && p.getRef().endsWith("/Id")));
    }

    private static void error(APIResponses responses, String status, String component) {
        if (responses.getAPIResponse(status) == null) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(RESPONSES + component));
        }
    }

    static void rateLimitHeaders(APIResponse response) {
        for (String header : List.of("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit", "RateLimit-Policy")) {
            response.addHeader(header, OASFactory.createHeader().ref("#/components/headers/" + header));
        }
    }

    /** Any one of the four credential forms; the document's default requirement lists them as alternatives. */
    private static void security(OpenAPI document) {
        List<SecurityRequirement> any = new ArrayList<>();
        for (String scheme : SECURITY_SCHEMES) {
            any.add(OASFactory.createSecurityRequirement().addScheme(scheme));
        }
        document.setSecurity(any);
    }

    /** A tag (with a description) for every tag an operation uses; the static files describe their own. */
    private static void tags(OpenAPI document) {
        Set<String> described = new TreeSet<>();
        if (document.getTags() != null) {
            document.getTags().forEach(tag -> described.add(tag.getName()));
        }
        Set<String> used = new TreeSet<>();
        document.getPaths().getPathItems().values().forEach(item -> item.getOperations().values()
                .forEach(operation -> used.addAll(operation.getTags())));
        for (String tag : used) {
            if (!described.contains(tag)) {
                Tag added = OASFactory.createTag().name(tag).description(tag + ".");
                document.addTag(added);
            }
        }
    }

    // --- shared components ---------------------------------------------------------------------------

    private static void shared(Components components) {
        components.addSchema("Id", EntitySchemas.id().example("p1x9k2m4q7w3e5r"));
        components.addSchema("Timestamp", EntitySchemas.timestamp().example("2026-01-31T12:00:00.000Z"));
        components.addSchema("IntegrationsData", EntitySchemas.object("Each integration's own data on this record: per "
                + "integration name, keys and string values (at most 20 keys per integration, a key of 1 to 64 bytes, a "
                + "value of at most 1024 bytes in UTF-8). Written by PATCH, never by POST or PUT.")
                .additionalPropertiesSchema(EntitySchemas.object(null).maxProperties(20)
                        .additionalPropertiesSchema(EntitySchemas.text(1024, null)))
                .example(Map.of("erp", Map.of("external_id", "A-17"))));
        EntitySchemas.filters().forEach(components::addSchema);
        components.addSchema("Pagination", EntitySchemas.object("The page as cursor-style clients read it.")
                .required(List.of("limit", "page", "has_more"))
                .addProperty("limit", EntitySchemas.integer(null))
                .addProperty("page", EntitySchemas.integer(null))
                .addProperty("has_more", EntitySchemas.bool(null)));
        components.addSchema("Envelope", EntitySchemas.object("What every successful JSON answer carries besides data.")
                .required(List.of("meta", "message", "status", "errors", "error_code", "endpoint"))
                .addProperty("meta", EntitySchemas.object("Reserved; empty.").additionalPropertiesBoolean(Boolean.TRUE)
                        .properties(new LinkedHashMap<>()))
                .addProperty("message", EntitySchemas.text(0, "OK, Created, ...").example("OK"))
                .addProperty("status", EntitySchemas.integer("The HTTP status.").example(200))
                .addProperty("errors", EntitySchemas.array(OASFactory.createSchema().ref(REF + "FieldError")).maxItems(0))
                .addProperty("error_code", EntitySchemas.nullable(EntitySchemas.text(0, "Always null on success.")))
                .addProperty("endpoint", EntitySchemas.text(0, "The path answered.").example("/api/v1/products")));
        components.addSchema("FieldError", EntitySchemas.object("One problem of a request.")
                .required(List.of("message"))
                .addProperty("index", EntitySchemas.integer("For a bulk request, the item of data it concerns, from 0."))
                .addProperty("field", EntitySchemas.text(0, "The field or parameter concerned."))
                .addProperty("message", EntitySchemas.text(0, "What is wrong.")));
        components.addSchema("Error", EntitySchemas.object("Every error answer, from the services and from the gateway.")
                .required(List.of("code", "status", "error", "message", "error_code", "errors", "details"))
                .addProperty("code", EntitySchemas.integer("The HTTP status."))
                .addProperty("status", EntitySchemas.integer("The HTTP status."))
                .addProperty("error", EntitySchemas.text(0, "What went wrong, for a person."))
                .addProperty("message", EntitySchemas.text(0, "The same as error."))
                .addProperty("error_code", EntitySchemas.text(0, "The case, for a program: validation_failed, not_found, "
                        + "conflict, rate_limited, ...").pattern("^[a-z0-9_]+$"))
                .addProperty("errors", EntitySchemas.array(OASFactory.createSchema().ref(REF + "FieldError")))
                .addProperty("details", OASFactory.createSchema().ref(REF + "FieldError"))
                .addProperty("endpoint", EntitySchemas.text(0, "The path answered.")));
        errorResponse(components, "BadRequest", 400, "bad_request", "The request is malformed or names an unknown parameter.",
                "Unknown parameter 'colour'", "colour");
        errorResponse(components, "Unauthorized", 401, "unauthorized", "No credential, or one that is not valid.",
                "A valid credential is required", null);
        components.getResponses().get("Unauthorized").addHeader("WWW-Authenticate",
                OASFactory.createHeader().description("The schemes the gateway takes.").schema(EntitySchemas.text(0, null)));
        errorResponse(components, "Forbidden", 403, "forbidden", "The caller may not do this.",
                "Only owners and admins may do this", null);
        errorResponse(components, "NotFound", 404, "not_found", "No such record in the caller's organization.",
                "No product with id p1x9k2m4q7w3e5r", null);
        errorResponse(components, "NotAcceptable", 406, "not_acceptable", "Accept names no format this operation answers in.",
                "None of the accepted types can be produced; this endpoint answers application/json", null);
        errorResponse(components, "Conflict", 409, "conflict", "A duplicate, a record still referenced, a wrong state, "
                + "or an Idempotency-Key still in use (with Retry-After).", "A product with this sku already exists", "sku");
        errorResponse(components, "PreconditionFailed", 412, "precondition_failed", "If-Match does not match the record's ETag; nothing was written.",
                "The record has changed since it was read", null);
        errorResponse(components, "PayloadTooLarge", 413, "payload_too_large", "The body is larger than allowed.",
                "The body is larger than 1048576 bytes", null);
        errorResponse(components, "UnsupportedMediaType", 415, "unsupported_media_type", "A Content-Type (or, on a write, "
                + "a format) the operation does not take.", "Content-Type text/plain is not supported; send application/json", null);
        errorResponse(components, "ValidationFailed", 422, "validation_failed", "A field's value is refused; errors names each.",
                "name_en is required", "name_en");
        errorResponse(components, "TooManyRequests", 429, "rate_limited", "Over the rate limit; retry after Retry-After seconds.",
                "Rate limit exceeded for default requests; retry after the time in Retry-After", null);
        components.getResponses().get("TooManyRequests").addHeader("Retry-After", retryAfter());
        rateLimitHeaders(components.getResponses().get("TooManyRequests"));
        errorResponse(components, "Unavailable", 503, "service_unavailable", "A part of the suite is briefly unavailable; retry.",
                "The catalog could not be reached just now", null);
        components.getResponses().get("Unavailable").addHeader("Retry-After", retryAfter());
        header(components, "X-Request-Id", "The request's id, also in the logs; sent back as given (up to 64 safe characters) or made.");
        header(components, "ETag", "The record's version, for If-Match.");
        header(components, "RateLimit-Limit", "Requests allowed in the window.");
        header(components, "RateLimit-Remaining", "Requests left in the window.");
        header(components, "RateLimit-Reset", "Seconds until the window resets.");
        header(components, "RateLimit", "The same, as the IETF draft's structured field.");
        header(components, "RateLimit-Policy", "The policy, as the IETF draft's structured field.");
        header(components, "Idempotent-Replayed", "true when this is the stored answer to an earlier request with the same Idempotency-Key.");
        components.addParameter("IfMatch", OASFactory.createParameter().name("If-Match").in(Parameter.In.HEADER)
                .description("Write only if the record's ETag is this one (a strong comparison); otherwise 412.")
                .schema(EntitySchemas.text(0, null)));
        components.addParameter("IdempotencyKey", OASFactory.createParameter().name("Idempotency-Key").in(Parameter.In.HEADER)
                .description("Makes a retry safe: the same key (per organization and endpoint, kept 24 hours) answers the "
                        + "first request's answer again instead of writing twice.")
                .schema(EntitySchemas.text(255, null)));
        components.addParameter("Id", OASFactory.createParameter().name("id").in(Parameter.In.PATH).required(true)
                .description("The record's id.").schema(OASFactory.createSchema().ref(REF + "Id")));
        components.addSecurityScheme("ApiKey", OASFactory.createSecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER).name("Authorization")
                .description("An integration's API key as it is: Authorization: <key>."));
        components.addSecurityScheme("BearerToken", OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("A session token (from login or signup; one hour), an access token, or an API key."));
        components.addSecurityScheme("BasicPassword", OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                .description("A user's email and password."));
        components.addSecurityScheme("BasicKey", OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                .description("An API key as the user name and an empty password (key:)."));
    }

    private static Header retryAfter() {
        return OASFactory.createHeader().description("Seconds to wait before retrying.")
                .schema(EntitySchemas.integer(null).minimum(BigDecimal.ONE));
    }

    private static void header(Components components, String name, String description) {
        components.addHeader(name, OASFactory.createHeader().description(description).schema(EntitySchemas.text(0, null)));
    }

    private static void errorResponse(Components components, String name, int status, String code, String description,
            String message, String field) {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("code", status);
        example.put("status", status);
        example.put("error", message);
        example.put("message", message);
        example.put("error_code", code);
        Map<String, Object> problem = new LinkedHashMap<>();
        if (field != null) {
            problem.put("field", field);
        }
        problem.put("message", message);
        example.put("errors", field == null ? List.of() : List.of(problem));
        example.put("details", problem);
        example.put("endpoint", "/api/v1/products");
        Content content = OASFactory.createContent();
        for (String mediaType : List.of(Formats.JSON, Formats.XML)) {
            content.addMediaType(mediaType, OASFactory.createMediaType().schema(OASFactory.createSchema().ref(REF + "Error"))
                    .example(mediaType.equals(Formats.JSON) ? example : null));
        }
        components.addResponse(name, OASFactory.createAPIResponse().description(description).content(content)
                .addHeader("X-Request-Id", OASFactory.createHeader().ref("#/components/headers/X-Request-Id")));
    }

    static String capitalized(String word) {
        return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }

    static Schema binary() {
        return OASFactory.createSchema().type(List.of(SchemaType.STRING)).format("binary");
    }

    static RequestBody body(String schema, boolean required, List<String> mediaTypes) {
        Content content = OASFactory.createContent();
        for (String mediaType : mediaTypes) {
            content.addMediaType(mediaType, OASFactory.createMediaType().schema(OASFactory.createSchema().ref(REF + schema)));
        }
        return OASFactory.createRequestBody().required(required).content(content);
    }
}
