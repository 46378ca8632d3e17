package dev.entrepot.systemtests;

import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.systemtests.ApiDocs.Operation;
import dev.entrepot.systemtests.Probe.Answer;
import dev.entrepot.systemtests.Probe.Finding;
import dev.entrepot.systemtests.Probe.Request;

/**
 * Every operation of every service's OpenAPI document, driven through the gateway by a fresh
 * organization with a catalogue of hostile values: wrong JSON types, NUL and lone surrogates, invalid
 * UTF-8, a 1 MB string, 10,000-deep JSON and XML, an XML external entity, huge and negative numbers,
 * bad Content-Types, injection-shaped sort, filter, operator, page and limit values, hostile ids and
 * If-Match values, and a few requests no HTTP library would write (two Transfer-Encodings, a bare
 * {@code %}, control bytes in a header). Path parameters take the organization's own records, so a
 * hostile value meets the code behind validation and lookup. Every answer must be below 500, and every
 * 4xx our error envelope in JSON; every failure is listed in one message.
 * <p>
 * Requests go through a second gateway replica whose rate limits are raised, as in OrderSagaIT: the
 * limits are GatewayIT's business, and 100 writes a minute per organization would stretch this
 * catalogue over half an hour.
 * <p>
 * Size (printed on every run): 180 documented operations, about 4,000 requests: 43 to set up, 3,948
 * from the catalogue (ids 634, query parameters 691, query bodies 209, bodies 1,231, fields 644,
 * headers 250, batches 128, integration data 96, plain 65) and 12 on the wire. On the 2-core
 * development machine they take 41 s when it is quiet and 70–90 s when it is busy, after the suite's
 * own start (60–130 s); the whole class 100–215 s.
 */
class HostileInputIT extends SuiteTest {

    private static final int PROBE_GATEWAY_PORT = 18089;
    private static final int CALLERS = 6;
    private static final String MEGABYTE = "x".repeat(1 << 20);
    private static final int DEPTH = 10_000;

    /** Hostile ids, already percent-encoded for a path segment. */
    private static final Map<String, String> IDS = new LinkedHashMap<>();
    /** The few of them every non-GET method also meets. */
    private static final Set<String> IDS_FOR_EVERY_METHOD = Set.of("NUL", "UTF-8 of a lone surrogate", "3000 characters", "negative");

    static {
        IDS.put("NUL", "%00");
        IDS.put("NUL inside", "abc%00def");
        IDS.put("traversal", "..%2F..%2F..%2Finternal%2Fv1%2Fauthenticate");
        IDS.put("SQL-shaped", "%27%20OR%20%271%27%3D%271");
        IDS.put("negative", "-1");
        IDS.put("huge number", "99999999999999999999999999");
        IDS.put("uppercase", "AAAAAAAAAAAAAAA");
        IDS.put("non-ASCII", "%C3%AF%D8%B9");
        IDS.put("UTF-8 of a lone surrogate", "%ED%A0%80");
        IDS.put("invalid UTF-8", "%FF%FE");
        IDS.put("3000 characters", "x".repeat(3000));
    }

    @Test
    void everyDocumentedOperationAnswersHostileValuesBelow500AndEvery4xxInTheEnvelope() throws Exception {
        URI gateway = suite.startGateway(PROBE_GATEWAY_PORT, Map.of("RATE_LIMIT_READS", "1000000",
                "RATE_LIMIT_WRITES", "1000000", "RATE_LIMIT_BULK", "1000000"));
        long started = System.nanoTime();
        Probe probe = new Probe(gateway);
        Tenant tenant = Tenant.signUp(probe, "Hostile input").seed();
        List<Operation> operations = ApiDocs.all();
        List<Finding> findings = Collections.synchronizedList(new ArrayList<>());

        Catalogue catalogue = new Catalogue(tenant, operations);
        List<Request> first = new ArrayList<>();
        List<Request> last = new ArrayList<>();
        for (Operation operation : operations) {
            // Actions, logout and deletes last, so the records they change serve the rest first.
            boolean changesState = operation.method().equals("DELETE") || operation.template().matches(".*/(cancel|fulfil|deliver|logout)$");
            (changesState ? last : first).addAll(catalogue.of(operation));
        }
        for (Map.Entry<String, String> missing : tenant.missing().entrySet()) {
            findings.add(new Finding(Request.of("-", missing.getKey(), "setup"), new Answer(0, Map.of(), new byte[0], missing.getValue()),
                    "no record to address (give Tenant.seed one)"));
        }
        findings.addAll(catalogue.setupFindings);
        int setup = probe.sent();

        BiConsumer<Request, Answer> check = (request, answer) -> {
            String problem = Probe.problem(request, answer);
            if (problem != null) {
                findings.add(new Finding(request, answer, problem));
            }
        };
        probe.sendAll(first, CALLERS, check);
        probe.sendAll(last, CALLERS, check);
        for (Map.Entry<String, byte[]> wire : wireRequests(tenant).entrySet()) {
            Request request = Request.of("RAW", new String(wire.getValue(), 0, Math.min(60, wire.getValue().length),
                    StandardCharsets.ISO_8859_1).split("\r\n")[0], wire.getKey());
            Answer answer = probe.raw(wire.getKey(), wire.getValue());
            if (ANSWERED_BY_NETTY.contains(wire.getKey())) {
                // docs/gateway.md#framing-and-size: refused below the gateway's code, a bare 400 is all there can be.
                if (answer.status() != 400) {
                    findings.add(new Finding(request, answer, "expected Netty's bare 400, as documented"));
                }
            } else {
                check.accept(request, answer);
            }
        }

        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        Map<String, Integer> kinds = new java.util.TreeMap<>();
        first.forEach(request -> kinds.merge(kindOf(request.what()), 1, Integer::sum));
        last.forEach(request -> kinds.merge(kindOf(request.what()), 1, Integer::sum));
        System.out.printf("HostileInputIT: %d operations, %d requests (%d setup, %d probes: %s; %d on the wire), %d s, %d findings%n",
                operations.size(), probe.sent(), setup, probe.sent() - setup, kinds, wireRequests(tenant).size(), seconds, findings.size());
        if (!findings.isEmpty()) {
            fail(Probe.report("Hostile input through the gateway (" + probe.sent() + " requests)", findings));
        }
    }

    /**
     * The hostile requests of one operation. Which values an operation meets follows from what it is:
     * a list gets the query catalogue, a record the hostile ids, a write the body catalogue, its fields
     * mutated one at a time on a body that is valid otherwise.
     */
    private static final class Catalogue {

        private final Tenant tenant;
        /** The templates of single records ({@code /api/v1/products/{id}}): their collections take batches. */
        private final Set<String> recordTemplates;
        private final Map<String, JsonNode> records = new ConcurrentHashMap<>();
        final List<Finding> setupFindings = new ArrayList<>();

        Catalogue(Tenant tenant, List<Operation> operations) {
            this.tenant = tenant;
            this.recordTemplates = operations.stream().filter(Operation::onRecord).map(Operation::template)
                    .collect(Collectors.toSet());
        }

        /** A batch write ({@code {"data": [...]}}) to a collection of records, rather than a write of one resource. */
        private boolean isBatch(Operation operation) {
            return operation.onCollection() && recordTemplates.contains(operation.template() + "/{id}")
                    && Set.of("PUT", "PATCH", "DELETE").contains(operation.method());
        }

        List<Request> of(Operation operation) {
            List<Request> requests = new ArrayList<>();
            String template = operation.template();
            String method = operation.method();
            boolean writes = Set.of("POST", "PUT", "PATCH").contains(method) || operation.takesBody();
            // The gateway routes only /api/v1: the rest of a service's document (its /internal API,
            // /.well-known) must be a 404 from it, whatever is sent.
            boolean unrouted = !template.startsWith("/api/v1/");
            // Proxy calls and token refreshes on a real connection go out to the Internet (api.github.com),
            // where a 502 would be the right answer: they get the hostile ids and bodies only.
            boolean callsOut = template.startsWith("/api/v1/proxy/") || template.endsWith("/refresh");
            String real = unrouted || callsOut ? null : tenant.resolve(template);
            ObjectNode valid = writes ? tenant.validBody(operation) : null;
            if (valid == null && method.equals("POST") && operation.onCollection() && !unrouted && offersPost(template)) {
                setupFindings.add(new Finding(Request.of(method, template, "setup"), new Answer(0, Map.of(), new byte[0],
                        "no valid body known"), "fields not probed (give Tenant.createBody one)"));
            }

            List<String> parameters = operation.pathParameters();
            for (int i = 0; i < parameters.size(); i++) {
                for (Map.Entry<String, String> id : IDS.entrySet()) {
                    if (!method.equals("GET") && !IDS_FOR_EVERY_METHOD.contains(id.getKey())) {
                        continue;
                    }
                    Request request = tenant.request(method, withParameter(template, i, id.getValue()),
                            "hostile {" + parameters.get(i) + "}: " + id.getKey());
                    requests.add(valid == null ? request : request.json(valid));
                }
            }
            String path = real != null ? real : withParameter(template, -1, null);
            if (unrouted) {
                requests.add(tenant.request(method, path, "outside /api/v1"));
                return requests;
            }
            if (real == null && !callsOut) {
                return requests; // Tenant.missing() names it; the hostile ids ran.
            }
            if (method.equals("GET") || method.equals("OPTIONS")) {
                requests.add(tenant.request(method, path, "as documented"));
                requests.add(tenant.request(method, path, "Accept: bad").header("Accept", "application/json/json"));
            }
            if (method.equals("GET") && operation.onCollection()) {
                requests.addAll(listQueries(path, record(template)));
            }
            if (method.equals("GET") && operation.onRecord()) {
                for (String query : List.of("depth=99999", "depth=-1", "depth=%00", "depth=abc", "zz_unknown=1", "%00=1")) {
                    requests.add(tenant.request(method, path + "?" + query, "query: " + query));
                }
            }
            for (String parameter : operation.queryParameters()) {
                if (parameter.equals("depth")) {
                    continue;
                }
                for (Map.Entry<String, String> value : Map.of("NUL", "%00", "3000 characters", "y".repeat(3000),
                        "UTF-8 of a lone surrogate", "%ED%A0%80", "quote", "%27%22%3C").entrySet()) {
                    requests.add(tenant.request(method, path + "?" + parameter + "=" + value.getValue(),
                            "query " + parameter + ": " + value.getKey()));
                }
            }
            if (writes) {
                requests.addAll(bodies(operation, path, valid));
            }
            if (operation.onRecord() && Set.of("PUT", "PATCH", "POST", "DELETE").contains(method)) {
                for (String ifMatch : List.of("\"not-a-version\"", "99999999999999999999999999", "W/\"-1\"")) {
                    Request request = tenant.request(method, path, "If-Match: " + ifMatch).header("If-Match", ifMatch);
                    requests.add(valid == null ? request : request.json(valid));
                }
            }
            if (method.equals("POST") && operation.onCollection() && valid != null && !template.startsWith("/api/v1/auth")) {
                requests.add(tenant.request(method, path, "Idempotency-Key: 1000 characters")
                        .header("Idempotency-Key", "k".repeat(1000)).json(tenant.validBody(operation)));
                requests.add(tenant.request(method, path, "Idempotency-Key: spaces and quotes")
                        .header("Idempotency-Key", "a b\t\"c\"").json(tenant.validBody(operation)));
            }
            return requests;
        }

        /** Whether the collection answers POST, by its OPTIONS (a read-only entity's does not). */
        private boolean offersPost(String collection) {
            Answer options = tenant.probe.send(tenant.request("OPTIONS", collection, "setup"));
            String allow = options.header("Allow");
            return allow == null || allow.contains("POST");
        }

        /** The organization's record of the collection {@code template} belongs to (its first), or an empty object. */
        private JsonNode record(String template) {
            String collection = template.replaceAll("/\\{id}.*$", "").replaceAll("/query$", "");
            return records.computeIfAbsent(collection, c -> {
                String path = tenant.resolveQuietly(c + "/{id}");
                JsonNode read = path == null ? null : tenant.read(path);
                return read == null || !read.isObject() ? Probe.JSON.createObjectNode() : read;
            });
        }

        /** The list parameters of docs/api.md#reads, each with a value meant to break it. */
        private List<Request> listQueries(String path, JsonNode record) {
            String text = firstField(record, true);
            String number = firstField(record, false);
            List<String> queries = new ArrayList<>(List.of("sort=,", "sort=,,,", "sort=" + text + ";drop%20table%20x", "sort=-",
                    "sort=%00", "sort=" + ",".repeat(500), text + "[like]=%25%5C", text + "[like]=%5C", text + "[like]=%00",
                    text + "[zz]=1", text + "[ne]=%00", text + "=%00", "id=%00", "id[in]=,,,", text + "[in]=" + "a,".repeat(150),
                    "page=-1", "page=0", "page=99999999999999999999", "limit=99999999999", "limit=-1", "limit=%00", "offset=-1",
                    "offset=99999999999999999999", "page=2&offset=1", "search=%00", "search=%5C%27%22%26%7C%21", "search=%ED%A0%80",
                    "created[gt]=not-a-date", "created[gt]=%00", "depth=99999",
                    "integrationsData." + Tenant.NAMESPACE + ".external_id=%00", "integrationsData.%00.k=1",
                    "integrationsData." + Tenant.NAMESPACE + ".external_id[like]=%25%5C", "elevation=%00", "mode=zz", "zz_unknown=1"));
            if (number != null) {
                queries.addAll(List.of(number + "[gt]=1e400", number + "[lt]=-99999999999999999999999", number + "=NaN"));
            }
            List<Request> requests = new ArrayList<>();
            for (String query : queries) {
                requests.add(tenant.request("GET", path + "?" + query, "query: " + Probe.shorten(query, 60)));
            }
            return requests;
        }

        /** The first field of a record holding text (or a number), never its id or times; "name" when it has none. */
        private static String firstField(JsonNode record, boolean text) {
            for (Map.Entry<String, JsonNode> field : Tenant.fields(record)) {
                String name = field.getKey();
                if (Set.of("id", "created", "updated").contains(name) || name.endsWith("_id")) {
                    continue;
                }
                if (text ? field.getValue().isTextual() : field.getValue().isNumber()) {
                    return name;
                }
            }
            return text ? "name" : null;
        }

        /** The body catalogue of a write. */
        private List<Request> bodies(Operation operation, String path, ObjectNode valid) {
            String method = operation.method();
            List<Request> requests = new ArrayList<>();
            ObjectNode base = valid != null ? valid : Probe.JSON.createObjectNode();
            // A fresh valid body for each request (new values in unique fields): one accepted request
            // must not turn the next into a duplicate, which would hide what its own value does.
            Supplier<ObjectNode> fresh = () -> {
                ObjectNode body = valid == null ? null : tenant.validBody(operation);
                return body != null ? body : Probe.JSON.createObjectNode();
            };
            Request request = tenant.request(method, path, "");
            String firstName = base.fieldNames().hasNext() ? base.fieldNames().next() : "name";

            String template = operation.template();
            // A replace, a patch by POST and a batch share their parsing with the create and the PATCH that
            // meet the whole catalogue: they get the part of it that reaches a different code path.
            boolean secondary = operation.onRecord() && (method.equals("PUT") || method.equals("POST")) || isBatch(operation);
            for (String type : new String[] { "", "application/json/json", "text/plain", "application/xml",
                    "application/json; charset=utf-99" }) {
                if (!secondary || type.length() < 25) {
                    requests.add(request.what("Content-Type: '" + type + "'").body(type, Tenant.utf8(fresh.get().toString())));
                }
            }
            requests.add(request.what("10000-deep JSON object").json("{\"a\":".repeat(DEPTH) + "1" + "}".repeat(DEPTH)));
            requests.add(request.what("10000-deep XML").body("application/xml",
                    Tenant.utf8("<record>" + "<a>".repeat(DEPTH) + "</a>".repeat(DEPTH) + "</record>")));
            requests.add(request.what("NUL in a key").json(with(fresh.get(), "zz\u0000key", text("v")).toString()));
            if (!secondary) {
                requests.add(request.what("no Content-Type").body(null, Tenant.utf8(fresh.get().toString())));
                requests.add(request.what("empty body").json(""));
                String json = fresh.get().toString();
                requests.add(request.what("truncated JSON").json(json.substring(0, Math.max(1, json.length() / 2))));
                requests.add(request.what("JSON array").json("[]"));
                requests.add(request.what("JSON null").json("null"));
                requests.add(request.what("10000-deep JSON array in a field")
                        .json("{\"" + firstName + "\":" + "[".repeat(DEPTH) + "]".repeat(DEPTH) + "}"));
                requests.add(request.what("XML external entity").body("application/xml", Tenant.utf8(
                        "<?xml version=\"1.0\"?><!DOCTYPE record [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><record><"
                                + firstName + ">&x;</" + firstName + "></record>")));
                requests.add(request.what("unknown field").json(with(fresh.get(), "zz_unknown", text("v")).toString()));
                requests.add(request.what("invalid UTF-8 in a value").body("application/json", invalidUtf8(fresh.get(), firstName)));
            }

            if (template.endsWith("/query")) {
                requests.addAll(queryBodies(request, record(template)));
            } else if (operation.onRecord() && method.equals("PATCH")) {
                ObjectNode fields = Probe.JSON.createObjectNode();
                ObjectNode whole = tenant.createBody(template.substring(0, template.length() - "/{id}".length()));
                if (whole != null) {
                    fields.setAll(whole);
                }
                fields.setAll(base);
                record(template).fields().forEachRemaining(field -> {
                    if (!Set.of("id", "created", "updated", "integrationsData").contains(field.getKey())) {
                        fields.putIfAbsent(field.getKey(), field.getValue());
                    }
                });
                requests.addAll(mutations(request, Probe.JSON::createObjectNode, fields));
                if (record(template).has("integrationsData")) {
                    requests.addAll(integrationsData(request));
                }
            } else if (operation.onRecord() && (method.equals("PUT") || method.equals("POST"))) {
                requests.addAll(allAtOnce(request, base));
            } else if (isBatch(operation)) {
                requests.addAll(bulk(request, template));
            } else if (valid != null) {
                requests.addAll(mutations(request, fresh, base));
                if (operation.onCollection() && method.equals("POST")) {
                    // A body sent twice: a unique field taken is a 409, never a failed insert.
                    ObjectNode twice = tenant.validBody(operation);
                    requests.add(request.what("the same body twice").json(twice.toString()));
                    requests.add(request.what("the same body twice").json(twice.toString()));
                    ObjectNode item = tenant.validBody(operation);
                    item.put(firstName, "a\u0000b");
                    requests.add(request.what("NUL in a batch item").json("{\"data\":[" + item + "]}"));
                }
            }
            return requests;
        }

        /**
         * Each field of {@code fields} in turn given a wrong type, a NUL, a lone surrogate (and the first
         * text field 1 MB, each number huge and negative values), on {@code base}, which is valid without it.
         */
        private List<Request> mutations(Request request, Supplier<ObjectNode> base, ObjectNode fields) {
            List<Request> requests = new ArrayList<>();
            boolean megabyte = false;
            for (Map.Entry<String, JsonNode> field : Tenant.fields(fields)) {
                String name = field.getKey();
                JsonNode sample = field.getValue();
                requests.add(request.what("wrong type for " + name + ": " + wrongType(sample))
                        .json(with(base.get(), name, wrongType(sample)).toString()));
                requests.add(request.what("NUL in " + name).json(with(base.get(), name, shaped(sample, "a\u0000b")).toString()));
                requests.add(request.what("lone surrogate in " + name).json(with(base.get(), name, shaped(sample, "a\ud800b")).toString()));
                if (sample.isTextual() && !megabyte) {
                    megabyte = true;
                    requests.add(request.what("1 MB string in " + name).json(with(base.get(), name, text(MEGABYTE)).toString()));
                }
                if (sample.isNumber()) {
                    for (String number : List.of("1e400", "-1", "-9223372036854775809", "123456789012345678901234567890.123456789")) {
                        String body = with(base.get(), name, text("@")).toString().replace("\"" + name + "\":\"@\"", "\"" + name + "\":" + number);
                        requests.add(request.what("number " + number + " in " + name).json(body));
                    }
                }
            }
            return requests;
        }

        /** PUT replaces the whole record: every field wrong at once, each way. */
        private List<Request> allAtOnce(Request request, ObjectNode base) {
            ObjectNode wrong = base.deepCopy();
            ObjectNode nul = base.deepCopy();
            ObjectNode surrogate = base.deepCopy();
            Tenant.fields(base).forEach(field -> {
                wrong.set(field.getKey(), wrongType(field.getValue()));
                nul.set(field.getKey(), shaped(field.getValue(), "a\u0000b"));
                surrogate.set(field.getKey(), shaped(field.getValue(), "a\udc00b"));
            });
            ObjectNode oneNul = base.deepCopy();
            String firstText = Tenant.fields(base).stream().filter(f -> f.getValue().isTextual()).map(Map.Entry::getKey).findFirst().orElse("name");
            oneNul.put(firstText, "a\u0000b");
            return List.of(request.what("every field a wrong type").json(wrong.toString()),
                    request.what("NUL in every field").json(nul.toString()),
                    request.what("NUL in " + firstText).json(oneNul.toString()),
                    request.what("lone surrogate in every field").json(surrogate.toString()),
                    request.what("1 MB string in " + firstText).json(with(base, firstText, text(MEGABYTE)).toString()));
        }

        /** Batch writes ({@code PUT} and {@code DELETE} on a collection) with broken items. */
        private List<Request> bulk(Request request, String collection) {
            String id = tenant.resolve(collection + "/{id}");
            ObjectNode item = tenant.createBody(collection);
            List<Request> requests = new ArrayList<>(List.of(
                    request.what("batch: data not a list").json("{\"data\":\"x\"}"),
                    request.what("batch: items not objects").json("{\"data\":[1,null,\"x\"]}"),
                    request.what("batch: NUL id").json("{\"data\":[{\"id\":\"\\u0000\"}]}"),
                    request.what("batch: 10000-deep item").json("{\"data\":[" + "[".repeat(DEPTH) + "]".repeat(DEPTH) + "]}"),
                    request.what("batch: 2000 empty items").json("{\"data\":[" + "{},".repeat(1999) + "{}]}")));
            if (item != null && id != null) {
                item.put("id", id);
                String firstText = Tenant.fields(item).stream().filter(f -> f.getValue().isTextual() && !f.getKey().equals("id"))
                        .map(Map.Entry::getKey).findFirst().orElse("name");
                item.put(firstText, "a\u0000b");
                requests.add(request.what("batch: NUL in " + firstText).json("{\"data\":[" + item + "]}"));
            }
            return requests;
        }

        /** integrationsData patches: NUL and lone surrogates in keys and values, wrong shapes, huge numbers. */
        private List<Request> integrationsData(Request request) {
            String ns = Tenant.NAMESPACE;
            return List.of(
                    request.what("integrationsData: NUL value").json(Tenant.object("integrationsData." + ns + ".k", "\u0000").toString()),
                    request.what("integrationsData: NUL in a key").json(Tenant.object("integrationsData." + ns + ".k\u0000", "v").toString()),
                    request.what("integrationsData: NUL namespace").json(Tenant.object("integrationsData.\u0000.k", "v").toString()),
                    request.what("integrationsData: lone surrogate value")
                            .json(Tenant.object("integrationsData", Tenant.object(ns, Tenant.object("k", "\ud800"))).toString()),
                    request.what("integrationsData: not an object").json("{\"integrationsData\":\"x\"}"),
                    request.what("integrationsData: huge number").json("{\"integrationsData." + ns + ".k\":1e400}"),
                    request.what("integrationsData: nested too deep").json("{\"integrationsData\":{\"" + ns + "\":{\"k\":{\"k\":{\"k\":1}}}}}"),
                    request.what("integrationsData: empty key").json("{\"integrationsData." + ns + ".\":\"v\"}"));
        }

        /** The query body of docs/api.md, each part with a value meant to break it. */
        private List<Request> queryBodies(Request request, JsonNode record) {
            String text = firstField(record, true);
            List<String> bodies = List.of(
                    "{\"filter\":{\"" + text + "\":\"\\u0000\"}}",
                    "{\"filter\":{\"id\":\"\\u0000\"}}",
                    "{\"filter\":{\"" + text + "\":{\"like\":\"%\\\\\"}}}",
                    "{\"filter\":{\"" + text + "\":{\"zz\":1}}}",
                    "{\"filter\":{\"" + text + "\":{\"in\":\"x\"}}}",
                    "{\"filter\":{\"" + text + "\":{\"in\":[null,{},[]]}}}",
                    "{\"filter\":\"x\"}",
                    "{\"filter\":{\"integrationsData." + Tenant.NAMESPACE + ".external_id\":\"\\u0000\"}}",
                    "{\"sort\":\",\"}",
                    "{\"sort\":\",,,\"}",
                    "{\"sort\":[\",\",1,null]}",
                    "{\"sort\":\"" + text + ";drop table x\"}",
                    "{\"limit\":99999999999}",
                    "{\"limit\":1e400}",
                    "{\"page\":-1}",
                    "{\"offset\":-1,\"page\":2}",
                    "{\"search\":\"\\u0000\"}",
                    "{\"search\":\"\\ud800\"}",
                    "{\"depth\":99999}");
            List<Request> requests = new ArrayList<>();
            for (String body : bodies) {
                requests.add(request.what("query body: " + body).json(body));
            }
            return requests;
        }

        private static JsonNode wrongType(JsonNode sample) {
            if (sample.isTextual()) {
                return Tenant.object("$ne", null);
            }
            if (sample.isNumber()) {
                return text("12abc");
            }
            if (sample.isBoolean()) {
                return text("maybe");
            }
            if (sample.isArray()) {
                return Tenant.object("0", "x");
            }
            if (sample.isObject()) {
                return Probe.JSON.createArrayNode().add(1).add(2);
            }
            return Probe.JSON.createArrayNode().add(Probe.JSON.createArrayNode());
        }

        /** {@code value} in the shape of {@code sample}: itself for a scalar, inside a list, or as a map's key and value. */
        private static JsonNode shaped(JsonNode sample, String value) {
            if (sample.isArray()) {
                return Probe.JSON.createArrayNode().add(value);
            }
            if (sample.isObject()) {
                return Tenant.object(value, value);
            }
            return text(value);
        }

        private static JsonNode text(String value) {
            return Probe.JSON.getNodeFactory().textNode(value);
        }

        private static ObjectNode with(ObjectNode base, String name, JsonNode value) {
            ObjectNode copy = base.deepCopy();
            copy.set(name, value);
            return copy;
        }

        /** The JSON of {@code base} with {@code name}'s value made of bytes that are not UTF-8. */
        private static byte[] invalidUtf8(ObjectNode base, String name) {
            String json = with(base, name, text("@@")).toString();
            int at = json.indexOf("\"@@\"");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.writeBytes(Tenant.utf8(json.substring(0, at + 1)));
            bytes.writeBytes(new byte[] { (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80 });
            bytes.writeBytes(Tenant.utf8(json.substring(at + 3)));
            return bytes.toByteArray();
        }
    }

    /** Which part of the catalogue a request is from, for the figures printed. */
    private static String kindOf(String what) {
        if (what.startsWith("hostile {")) {
            return "ids";
        }
        if (what.startsWith("query")) {
            return what.startsWith("query body") ? "query bodies" : "query parameters";
        }
        if (what.matches("(wrong type|NUL in|lone surrogate|1 MB|number|every field).*") && !what.startsWith("NUL in a key")) {
            return "fields";
        }
        if (what.startsWith("If-Match") || what.startsWith("Idempotency") || what.startsWith("Accept")) {
            return "headers";
        }
        if (what.startsWith("integrationsData") || what.startsWith("batch")) {
            return what.startsWith("batch") ? "batches" : "integration data";
        }
        if (what.equals("as documented") || what.equals("outside /api/v1")) {
            return "plain";
        }
        return "bodies";
    }

    /** {@code template} with {@code value} in parameter {@code index} and a well-formed unknown id in the others. */
    private static String withParameter(String template, int index, String value) {
        StringBuilder path = new StringBuilder();
        int at = 0;
        int parameter = 0;
        while (true) {
            int open = template.indexOf('{', at);
            if (open < 0) {
                return path.append(template.substring(at)).toString();
            }
            int close = template.indexOf('}', open);
            path.append(template, at, open).append(parameter == index ? value : "zzzzzzzzzzzzzzz");
            parameter++;
            at = close + 1;
        }
    }

    /**
     * What an HTTP library would not send: request smuggling shapes, malformed URIs and headers, lengths
     * that lie. Each on a connection of its own.
     */
    /**
     * The wire requests Netty and Vert.x refuse before any handler of the gateway runs, with a bare 400 that no
     * hook of Quarkus lets us replace (docs/gateway.md#framing-and-size): still checked, for exactly that 400.
     */
    private static final Set<String> ANSWERED_BY_NETTY = Set.of("negative Content-Length",
            "huge Content-Length", "bare % in the path", "%zz in the path", "raw NUL byte in the path",
            "control byte in a header", "header without a colon");

    private static Map<String, byte[]> wireRequests(Tenant tenant) {
        String auth = "Authorization: " + tenant.key + "\r\n";
        String body = "{\"name\":\"Wire brand\"}";
        String chunked = Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
        String post = "POST /api/v1/brands HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth + "Content-Type: application/json\r\nConnection: close\r\n";
        Map<String, byte[]> wire = new LinkedHashMap<>();
        wire.put("Transfer-Encoding: chunked, identity", latin1(post + "Transfer-Encoding: chunked, identity\r\n\r\n" + chunked));
        wire.put("two Transfer-Encodings", latin1(post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n" + chunked));
        wire.put("Content-Length and Transfer-Encoding", latin1(post + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked));
        wire.put("negative Content-Length", latin1(post + "Content-Length: -1\r\n\r\n" + body));
        wire.put("huge Content-Length", latin1(post + "Content-Length: 99999999999999999999\r\n\r\n" + body));
        String get = " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth + "Connection: close\r\n";
        wire.put("bare % in the path", latin1("GET /api/v1/brands/%" + get + "\r\n"));
        wire.put("%zz in the path", latin1("GET /api/v1/brands/%zz" + get + "\r\n"));
        wire.put("raw NUL byte in the path", latin1("GET /api/v1/brands/a\u0000b" + get + "\r\n"));
        wire.put("6000-character path", latin1("GET /api/v1/brands/" + "x".repeat(6000) + get + "\r\n"));
        wire.put("control byte in a header", latin1("GET /api/v1/brands" + get + "X-Probe: a\u0001b\r\n\r\n"));
        wire.put("30 KB header", latin1("GET /api/v1/brands" + get + "X-Probe: " + "h".repeat(30_000) + "\r\n\r\n"));
        wire.put("header without a colon", latin1("GET /api/v1/brands" + get + "X-Probe\r\n\r\n"));
        return wire;
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
