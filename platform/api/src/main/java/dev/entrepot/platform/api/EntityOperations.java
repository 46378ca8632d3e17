package dev.entrepot.platform.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.PathItem.HttpMethod;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * The generic operations of one {@link EntityResource} (docs/api.md), as its write policy allows them: the
 * document's side of what {@link EntityResource} and {@link RecordReader} serve. An operation the service's
 * static file already describes (an order's own POST) is left as the file says.
 */
final class EntityOperations {

    private static final String PARAMETERS = "#/components/parameters/";
    private static final List<String> READ_TYPES = List.of(Formats.JSON, Formats.XML, Formats.CSV, Formats.PDF);
    private static final List<String> WRITE_ANSWER_TYPES = List.of(Formats.JSON, Formats.XML);
    private static final List<String> BODY_TYPES = List.of(Formats.JSON, Formats.XML, "text/xml");

    private final OpenAPI document;
    private final ApiDescription.Resource resource;
    private final EntityType type;
    private final String name;
    private final String plural;
    private final String tag;

    EntityOperations(OpenAPI document, ApiDescription.Resource resource) {
        this.document = document;
        this.resource = resource;
        this.type = resource.type();
        this.name = EntitySchemas.schemaName(type);
        this.plural = plural(resource);
        this.tag = tag(resource);
    }

    /** {@code /api/v1/inventory/adjustments} → {@code InventoryAdjustments}. */
    private static String plural(ApiDescription.Resource resource) {
        StringBuilder words = new StringBuilder();
        for (String segment : resource.path().replaceFirst("^/api/v1/", "").split("/")) {
            for (String word : segment.split("[_-]")) {
                words.append(ApiDescription.capitalized(word));
            }
        }
        return words.toString();
    }

    private static String tag(ApiDescription.Resource resource) {
        String words = plural(resource).replaceAll("([a-z])([A-Z])", "$1 $2");
        return words.substring(0, 1) + words.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean creates(ApiDescription.Resource resource) {
        return resource.policy() == WritePolicy.ALL || resource.createsItsOwnWay();
    }

    private static boolean patches(ApiDescription.Resource resource) {
        return resource.policy() != WritePolicy.NONE;
    }

    /** What the resource serves, as "METHOD path" (the same rules {@link #add} follows). */
    static Set<String> served(ApiDescription.Resource resource) {
        String path = resource.path();
        String record = path + "/{id}";
        Set<String> served = new LinkedHashSet<>(List.of("GET " + path, "OPTIONS " + path, "POST " + path + "/query",
                "GET " + record, "OPTIONS " + record));
        if (creates(resource)) {
            served.add("POST " + path);
        }
        if (patches(resource)) {
            served.addAll(List.of("PATCH " + record, "POST " + record));
        }
        if (resource.policy() == WritePolicy.ALL) {
            served.addAll(List.of("PUT " + path, "PATCH " + path, "DELETE " + path, "PUT " + record, "DELETE " + record));
        }
        return served;
    }

    void add() {
        String path = resource.path();
        String record = path + "/{id}";
        boolean all = resource.policy() == WritePolicy.ALL;

        Operation list = operation("list" + plural, "List " + type.name(), "One page of the organization's " + type.name()
                + ", filtered, searched and sorted; also as CSV or PDF (Accept, or the suffix .csv/.pdf).");
        listParameters(list, type);
        list.setResponses(OASFactory.createAPIResponses().addAPIResponse("200", listResponse(type)));
        put(path, HttpMethod.GET, list);

        Operation query = operation("query" + plural, "Query " + type.name(), "The list with its conditions in a body, "
                + "for filters too long for a URL; up to " + ListQuery.MAX_QUERY_LIMIT + " records a page.");
        query.setRequestBody(ApiDescription.body(name + "Query", false, List.of(Formats.JSON)));
        query.setResponses(OASFactory.createAPIResponses().addAPIResponse("200", listResponse(type)));
        put(path + "/query", HttpMethod.POST, query);

        Operation get = operation("get" + name, "Get a " + type.singular(), "One " + type.singular() + " by id, with its ETag.");
        get.addParameter(idParameter());
        get.addParameter(OASFactory.createParameter().name("depth").in(Parameter.In.QUERY).schema(EntitySchemas.depth())
                .description("How deep to expand relations."));
        get.setResponses(OASFactory.createAPIResponses().addAPIResponse("200", recordResponse(type, 200, "The record.")
                .content(content(name + "Envelope", READ_TYPES))));
        put(record, HttpMethod.GET, get);

        put(path, HttpMethod.OPTIONS, options("options" + plural, "The methods the collection answers"));
        Operation recordOptions = options("options" + name, "The methods a record answers");
        recordOptions.addParameter(idParameter());
        put(record, HttpMethod.OPTIONS, recordOptions);

        if (creates(resource)) {
            Operation create = operation("create" + name, "Create a " + type.singular(), all
                    ? "Creates one " + type.singular() + ", or up to " + EntityService.MAX_BULK + " with {\"data\": [...]} (all or none)."
                    : "Creates one " + type.singular() + ".");
            create.addParameter(OASFactory.createParameter().ref(PARAMETERS + "IdempotencyKey"));
            create.setRequestBody(all ? oneOf(name + "Create", name + "CreateMany") : ApiDescription.body(name + "Create", true, BODY_TYPES));
            APIResponse created = recordResponse(type, 201, "Created; with {\"data\": [...]}, every record made.");
            created.addHeader("Idempotent-Replayed", OASFactory.createHeader().ref("#/components/headers/Idempotent-Replayed"));
            if (all) {
                created.setContent(contentOneOf(name + "Envelope", name + "Many"));
            }
            create.setResponses(OASFactory.createAPIResponses().addAPIResponse("201", created));
            put(path, HttpMethod.POST, create);
        }
        if (patches(resource)) {
            boolean onlyData = resource.policy() == WritePolicy.INTEGRATION_DATA_ONLY;
            for (HttpMethod method : List.of(HttpMethod.PATCH, HttpMethod.POST)) {
                Operation patch = operation("patch" + name + (method == HttpMethod.POST ? "ByPost" : ""),
                        "Change a " + type.singular() + (method == HttpMethod.POST ? " (POST)" : ""),
                        (onlyData ? "Changes only the record's integrationsData; its own fields never change this way. "
                                : "Changes only the fields sent. ")
                                + (method == HttpMethod.POST ? "The same as PATCH, for clients that speak only GET and POST." : ""));
                patch.addParameter(idParameter());
                patch.addParameter(OASFactory.createParameter().ref(PARAMETERS + "IfMatch"));
                patch.setRequestBody(ApiDescription.body(onlyData ? "IntegrationsDataPatch" : name + "Patch", true, BODY_TYPES));
                patch.setResponses(OASFactory.createAPIResponses().addAPIResponse("200", recordResponse(type, 200, "The changed record.")));
                put(record, method, patch);
            }
            if (onlyData && document.getComponents().getSchemas().get("IntegrationsDataPatch") == null) {
                document.getComponents().addSchema("IntegrationsDataPatch", EntitySchemas.object("Integration data only, "
                        + "nested or dotted as on every record's PATCH (see any <Entity>Patch).")
                        .addProperty(EntityType.INTEGRATIONS_DATA, OASFactory.createSchema().ref(EntitySchemas.REF + "IntegrationsData"))
                        .additionalPropertiesSchema(EntitySchemas.dottedIntegrationsData()));
            }
        }
        if (all) {
            Operation replace = operation("replace" + name, "Replace a " + type.singular(),
                    "Replaces every writable field; one not sent takes its default.");
            replace.addParameter(idParameter());
            replace.addParameter(OASFactory.createParameter().ref(PARAMETERS + "IfMatch"));
            replace.setRequestBody(ApiDescription.body(name + "Create", true, BODY_TYPES));
            replace.setResponses(OASFactory.createAPIResponses().addAPIResponse("200", recordResponse(type, 200, "The replaced record.")));
            put(record, HttpMethod.PUT, replace);

            Operation delete = operation("delete" + name, "Delete a " + type.singular(),
                    "Deletes the record; a record others still refer to is a 409.");
            delete.addParameter(idParameter());
            delete.addParameter(OASFactory.createParameter().ref(PARAMETERS + "IfMatch"));
            delete.setResponses(OASFactory.createAPIResponses().addAPIResponse("204", OASFactory.createAPIResponse().description("Deleted.")));
            put(record, HttpMethod.DELETE, delete);

            Operation replaceMany = operation("replaceMany" + plural, "Replace many " + type.name(),
                    "Replaces up to " + EntityService.MAX_BULK + " records, each with its id; all or none.");
            replaceMany.setRequestBody(ApiDescription.body(name + "ReplaceMany", true, BODY_TYPES));
            replaceMany.setResponses(OASFactory.createAPIResponses().addAPIResponse("200", OASFactory.createAPIResponse()
                    .description("The replaced records.").content(content(name + "Many", WRITE_ANSWER_TYPES))));
            put(path, HttpMethod.PUT, replaceMany);

            Operation patchMany = operation("patchMany" + plural, "Change many " + type.name(),
                    "Changes up to " + EntityService.MAX_BULK + " records, each with its id and only the fields it sends; all or none.");
            patchMany.setRequestBody(ApiDescription.body(name + "PatchMany", true, BODY_TYPES));
            patchMany.setResponses(OASFactory.createAPIResponses().addAPIResponse("200", OASFactory.createAPIResponse()
                    .description("The changed records.").content(content(name + "Many", WRITE_ANSWER_TYPES))));
            put(path, HttpMethod.PATCH, patchMany);

            Operation deleteMany = operation("deleteMany" + plural, "Delete many " + type.name(),
                    "Deletes up to " + EntityService.MAX_BULK + " records by id; all or none.");
            deleteMany.setRequestBody(ApiDescription.body("DeleteMany", true, BODY_TYPES));
            deleteMany.setResponses(OASFactory.createAPIResponses().addAPIResponse("204", OASFactory.createAPIResponse().description("Deleted.")));
            put(path, HttpMethod.DELETE, deleteMany);
            if (document.getComponents().getSchemas().get("DeleteMany") == null) {
                document.getComponents().addSchema("DeleteMany", EntitySchemas.object("The records to delete; all or none.")
                        .required(List.of("data")).additionalPropertiesBoolean(Boolean.FALSE)
                        .addProperty("data", EntitySchemas.array(OASFactory.createSchema().oneOf(List.of(
                                OASFactory.createSchema().ref(EntitySchemas.REF + "Id"),
                                EntitySchemas.object(null).required(List.of(EntityType.ID))
                                        .addProperty(EntityType.ID, OASFactory.createSchema().ref(EntitySchemas.REF + "Id")))))
                                .minItems(1).maxItems(EntityService.MAX_BULK)));
            }
        }
    }

    private Operation operation(String id, String summary, String description) {
        return OASFactory.createOperation().operationId(id).summary(summary).description(description).tags(new ArrayList<>(List.of(tag)));
    }

    private Operation options(String id, String summary) {
        Operation options = operation(id, summary, "Allow lists exactly the methods this resource's write policy takes.");
        options.setResponses(OASFactory.createAPIResponses().addAPIResponse("200", OASFactory.createAPIResponse()
                .description("No body; the Allow header.")
                .addHeader("Allow", OASFactory.createHeader().description("The methods answered, such as GET, HEAD, OPTIONS, POST.")
                        .schema(EntitySchemas.text(0, null)))));
        return options;
    }

    /** Adds the operation unless the static file already describes it. */
    private void put(String path, HttpMethod method, Operation operation) {
        PathItem item = document.getPaths().getPathItem(path);
        if (item == null) {
            item = OASFactory.createPathItem();
            document.getPaths().addPathItem(path, item);
        }
        if (item.getOperations().get(method) == null) {
            item.setOperation(method, operation);
        }
    }

    private static Parameter idParameter() {
        return OASFactory.createParameter().ref(PARAMETERS + "Id");
    }

    static APIResponse recordResponse(EntityType type, int status, String description) {
        return OASFactory.createAPIResponse().description(description)
                .content(content(EntitySchemas.schemaName(type) + "Envelope", WRITE_ANSWER_TYPES))
                .addHeader("ETag", OASFactory.createHeader().ref("#/components/headers/ETag"));
    }

    static APIResponse listResponse(EntityType type) {
        Content content = content(EntitySchemas.schemaName(type) + "List", List.of(Formats.JSON, Formats.XML));
        content.addMediaType(Formats.CSV, OASFactory.createMediaType().schema(EntitySchemas.text(0,
                "A header row of the field names, then one row per record (RFC 4180).")));
        content.addMediaType(Formats.PDF, OASFactory.createMediaType().schema(ApiDescription.binary()));
        return OASFactory.createAPIResponse().description("One page of records.").content(content);
    }

    private static Content content(String schema, List<String> mediaTypes) {
        Content content = OASFactory.createContent();
        for (String mediaType : mediaTypes) {
            Schema body = OASFactory.createSchema().ref(EntitySchemas.REF + schema);
            if (Formats.CSV.equals(mediaType)) {
                body = EntitySchemas.text(0, "The record as a header row and one row (RFC 4180).");
            } else if (Formats.PDF.equals(mediaType)) {
                body = ApiDescription.binary();
            }
            content.addMediaType(mediaType, OASFactory.createMediaType().schema(body));
        }
        return content;
    }

    private static Content contentOneOf(String one, String many) {
        Content content = OASFactory.createContent();
        for (String mediaType : WRITE_ANSWER_TYPES) {
            content.addMediaType(mediaType, OASFactory.createMediaType().schema(OASFactory.createSchema().oneOf(List.of(
                    OASFactory.createSchema().ref(EntitySchemas.REF + one), OASFactory.createSchema().ref(EntitySchemas.REF + many)))));
        }
        return content;
    }

    private static org.eclipse.microprofile.openapi.models.parameters.RequestBody oneOf(String one, String many) {
        Content content = OASFactory.createContent();
        for (String mediaType : BODY_TYPES) {
            content.addMediaType(mediaType, OASFactory.createMediaType().schema(OASFactory.createSchema().oneOf(List.of(
                    OASFactory.createSchema().ref(EntitySchemas.REF + one), OASFactory.createSchema().ref(EntitySchemas.REF + many)))));
        }
        return OASFactory.createRequestBody().required(true).content(content);
    }

    /** page, limit, offset, sort, search, depth, elevation/mode, for_department_id and a filter per field and operator. */
    static void listParameters(Operation operation, EntityType type) {
        EntitySchemas schemas = new EntitySchemas(type);
        query(operation, "page", EntitySchemas.integer(null).minimum(BigDecimal.ONE), "The page, from 1 (or use offset).");
        query(operation, "limit", EntitySchemas.integer(null).minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(ListQuery.MAX_LIMIT))
                .defaultValue(ListQuery.DEFAULT_LIMIT), "Records per page.");
        query(operation, "offset", EntitySchemas.integer(null).minimum(BigDecimal.ZERO), "Records to skip (instead of page).");
        query(operation, "sort", EntitySchemas.text(0, null), "Sort keys separated by commas, most significant first; "
                + "- before a field sorts descending. Default -created. One of: "
                + String.join(", ", schemas.sortKey().getEnumeration().stream().map(String::valueOf)
                        .filter(key -> !key.startsWith("+")).toList()) + ".");
        if (type.isSearchable()) {
            query(operation, "search", EntitySchemas.text(200, null), "Words searched in "
                    + String.join(", ", type.fields().stream().filter(Field::isSearchable).map(Field::name).toList()) + ".");
        }
        query(operation, "depth", EntitySchemas.depth(), "How deep to expand relations.");
        Schema elevation = EntitySchemas.text(0, null).enumeration(new ArrayList<>(List.of("public", "user", "client",
                "client_department", "provider_department", "reader_department", "owner_department", "admin", "unrestricted")));
        query(operation, "elevation", elevation, "The level to act at (any case; - and _ optional); the caller must hold it.");
        query(operation, "mode", elevation, "The same as elevation.");
        query(operation, "for_department_id", OASFactory.createSchema().ref(EntitySchemas.REF + "Id"),
                "The department a department level acts for (or the Authorization-Department header).");
        for (Field field : type.fields()) {
            for (Operator operator : field.kind().operators()) {
                String name = operator == Operator.EQ ? field.name() : field.name() + "[" + operator.token() + "]";
                query(operation, name, EntitySchemas.parameterSchema(field, operator), operator == Operator.EQ
                        ? field.name() + " equals this value." : field.name() + " " + operator.token() + " this value.");
            }
        }
        String about = operation.getDescription() == null ? "" : operation.getDescription() + " ";
        String items = type.fields().stream().filter(Field::hasItemsCarryingIntegrationsData)
                .map(field -> " " + field.name() + ".integrationsData.<integration>.<key> finds the records with an item of "
                        + field.name() + " holding that value.")
                .collect(Collectors.joining());
        operation.setDescription(about + "Integration data filters too: integrationsData.<integration>.<key>=value, "
                + "with [ne], [in] (values separated by commas) and [like], e.g. integrationsData.erp.external_id=A-17." + items);
    }

    private static void query(Operation operation, String name, Schema schema, String description) {
        operation.addParameter(OASFactory.createParameter().name(name).in(Parameter.In.QUERY).schema(schema).description(description));
    }
}
