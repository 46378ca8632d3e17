package dev.entrepot.systemtests;

import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.entrepot.systemtests.ApiDocs.Operation;
import dev.entrepot.systemtests.Probe.Answer;
import dev.entrepot.systemtests.Probe.Finding;
import dev.entrepot.systemtests.Probe.Request;

/**
 * Two organizations, A and B, each with one record of every kind (Tenant.seed: catalog, stock, an
 * order through the saga, customers, departments with members, integrations with keys, an access
 * token, a connector, a configuration and a connection). The routes come from the services' OpenAPI
 * documents, so a new route is in the matrix the day it is declared: every documented path with a
 * parameter is tried by B with A's id in each parameter (B's own ids in the others), with every
 * method (GET, HEAD, OPTIONS, PUT, PATCH, POST, DELETE), with valid bodies, with A's own ETag in
 * If-Match and at B's highest elevation; B also names A's records inside its writes (references,
 * batches, the OAuth connect's configuration) and in its filters.
 * <p>
 * The rule: B gets 404 for A's record; 405 only where the route offers the method to no record at
 * all. Each answer is also compared with B's answer for a well-formed id that does not exist, which
 * must be the same: never a 2xx, never a 403 that tells the record exists, never a 409 or 412 that tells
 * its state. Afterwards A reads every record and list it can (every documented GET) and finds each
 * exactly as before, version, ETag and updated included.
 * <p>
 * Through a second gateway replica with raised rate limits (as in OrderSagaIT): 100 writes a minute
 * per organization would stretch the matrix over ten minutes. Size (printed on every run): 440
 * attempts by B, each with its unknown-id twin (880 requests), and about 180 more to set up the two
 * organizations and read A's 34 records and lists three times; about 1,060 requests. On the 2-core
 * development machine they take 22 s when it is quiet and up to 50 s when it is busy, after the suite's
 * own start (50–130 s); the whole class 70–180 s.
 */
class CrossTenantIT extends SuiteTest {

    private static final int PROBE_GATEWAY_PORT = 18089;
    private static final int CALLERS = 6;
    private static final List<String> METHODS = List.of("GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One attempt of B and its twin with an unknown id in the attacked place. */
    private record Attempt(Request attack, Request twin, Set<Integer> allowed) {
    }

    @Test
    void anotherOrganizationsIdsAreNotFoundOnEveryRouteAndMethodAndNothingOfItChanges() throws Exception {
        URI gateway = suite.startGateway(PROBE_GATEWAY_PORT, Map.of("RATE_LIMIT_READS", "1000000",
                "RATE_LIMIT_WRITES", "1000000", "RATE_LIMIT_BULK", "1000000"));
        long started = System.nanoTime();
        Probe probe = new Probe(gateway);
        Tenant a = Tenant.signUp(probe, "Tenant A").seed();
        Tenant b = Tenant.signUp(probe, "Tenant B").seed();
        List<Operation> operations = ApiDocs.all();
        List<Finding> findings = Collections.synchronizedList(new ArrayList<>());
        Map<String, Answer> before = stableSnapshot(a, operations);

        List<Attempt> attempts = new ArrayList<>();
        attempts.addAll(onEveryRoute(operations, a, b));
        attempts.addAll(insideWrites(operations, a, b));
        attempts.addAll(inFilters(operations, a, b));
        // A route whose record A has none of is not silently left out.
        for (Map.Entry<String, String> missing : a.missing().entrySet()) {
            findings.add(new Finding(Request.of("-", missing.getKey(), "setup"), new Answer(0, Map.of(), new byte[0], missing.getValue()),
                    "no record of A to try (give Tenant.seed one)"));
        }
        int setup = probe.sent();
        List<Attempt> deletes = attempts.stream().filter(attempt -> attempt.attack().method().equals("DELETE")).toList();
        List<Attempt> others = attempts.stream().filter(attempt -> !attempt.attack().method().equals("DELETE")).toList();
        // A's record ids and its own connector's name (not GitHub's, nor the fixed path parts of Tenant).
        Set<String> ofA = a.allIds().values().stream().filter(id -> id.matches("[a-z0-9]{15}|probe-.*")).collect(java.util.stream.Collectors.toSet());
        run(probe, others, ofA, a, findings);
        run(probe, deletes, ofA, a, findings);
        int attacks = probe.sent() - setup;

        Map<String, Answer> after = snapshot(a, before.keySet());
        for (Map.Entry<String, Answer> read : before.entrySet()) {
            Answer then = read.getValue();
            Answer now = after.get(read.getKey());
            if (!same(then, now)) {
                findings.add(new Finding(Request.of("GET", read.getKey(), "A's read after B's attempts"), now,
                        "changed; before: " + then.status() + " ETag " + then.header("ETag") + " " + then.start(300)
                                + " — now ETag " + now.header("ETag")));
            }
        }

        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        System.out.printf("CrossTenantIT: %d operations, %d attempts by B (each with its unknown-id twin), %d of A's reads compared, "
                + "%d requests (%d setup and snapshots, %d attempts and twins), %d s, %d findings%n", operations.size(), attempts.size(),
                before.size(), probe.sent(), probe.sent() - attacks, attacks, seconds, findings.size());
        if (!findings.isEmpty()) {
            fail(Probe.report("Organization B against organization A's records (" + probe.sent() + " requests)", findings));
        }
    }

    /**
     * Every documented path with a parameter, with A's id in one parameter (and in all of them), every
     * method, the body the operation takes; for a record also A's ETag in If-Match and B's highest elevation.
     */
    private static List<Attempt> onEveryRoute(List<Operation> operations, Tenant a, Tenant b) {
        Map<String, Map<String, Operation>> routes = new TreeMap<>();
        for (Operation operation : operations) {
            if (!operation.pathParameters().isEmpty()) {
                routes.computeIfAbsent(operation.template(), t -> new LinkedHashMap<>()).put(operation.method(), operation);
            }
        }
        List<Attempt> attempts = new ArrayList<>();
        for (Map.Entry<String, Map<String, Operation>> route : routes.entrySet()) {
            String template = route.getKey();
            if (template.startsWith("/api/v1/")) {
                a.resolve(template); // notes a parameter A has no record for
            }
            Operation any = route.getValue().values().iterator().next();
            int count = any.pathParameters().size();
            List<String> own = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                List<String> bs = b.idsFor(template, i);
                own.add(bs.isEmpty() ? unknownId() : bs.get(0));
            }
            // Which of A's ids go where: each of A's ids alone (B's own in the other parameters), and A's in every one.
            List<List<String>> variants = new ArrayList<>();
            List<Integer> attacked = new ArrayList<>();
            List<String> allOfA = new ArrayList<>(own);
            boolean anyOfA = false;
            for (int i = 0; i < count; i++) {
                for (String id : a.idsFor(template, i)) {
                    if (b.idsFor(template, i).contains(id)) {
                        continue; // shared (GitHub's connector): not A's
                    }
                    List<String> variant = new ArrayList<>(own);
                    variant.set(i, id);
                    variants.add(variant);
                    attacked.add(i);
                    if (allOfA.get(i).equals(own.get(i))) {
                        allOfA.set(i, id);
                    }
                    anyOfA = true;
                }
            }
            if (!anyOfA) {
                continue;
            }
            if (count > 1 && !variants.contains(allOfA)) {
                variants.add(allOfA);
                attacked.add(count - 1);
            }
            String etag = null;
            boolean keepsData = false;
            String ofARecord = template.endsWith("/{id}") ? a.resolveQuietly(template) : null;
            if (ofARecord != null) {
                Answer read = a.probe.send(a.request("GET", ofARecord, "A's ETag"));
                etag = read.header("ETag");
                keepsData = read.json() != null && read.json().path("data").has("integrationsData");
            }
            for (int v = 0; v < variants.size(); v++) {
                List<String> values = variants.get(v);
                List<String> twinValues = new ArrayList<>(values);
                for (int i = 0; i < count; i++) {
                    if (!values.get(i).equals(own.get(i)) || i == attacked.get(v)) {
                        twinValues.set(i, unknownId());
                    }
                }
                String path = fill(template, values);
                String twinPath = fill(template, twinValues);
                for (String method : METHODS) {
                    Operation operation = route.getValue().get(method);
                    Request attack = b.request(method, path, "A's id, " + (operation == null ? "method not documented" : "documented"));
                    if (operation != null && operation.takesBody() || operation == null && Set.of("PUT", "PATCH", "POST").contains(method)) {
                        ObjectNode body = operation == null ? null : b.validBody(operation);
                        attack = attack.json(body == null ? "{}" : body.toString());
                    }
                    // 405 is for a method the route offers to no record; HEAD and OPTIONS follow GET.
                    Set<Integer> allowed = operation == null || method.equals("HEAD") && !route.getValue().containsKey("GET")
                            ? Set.of(404, 405) : Set.of(404);
                    if (method.equals("OPTIONS")) {
                        allowed = Set.of(200, 204, 404, 405); // the route's Allow: only the twin's answer decides
                    }
                    attempts.add(new Attempt(attack, attack.path(twinPath), allowed));
                    if (etag != null && Set.of("PUT", "PATCH", "POST", "DELETE").contains(method) && operation != null) {
                        Request matching = attack.header("If-Match", etag).what("A's id with A's ETag in If-Match");
                        attempts.add(new Attempt(matching, matching.path(twinPath), allowed));
                    }
                    if (template.endsWith("/{id}") && Set.of("GET", "PATCH").contains(method) && operation != null) {
                        Request elevated = attack.path(path + "?elevation=unrestricted").what("A's id at B's highest elevation");
                        attempts.add(new Attempt(elevated, elevated.path(twinPath + "?elevation=unrestricted"), allowed));
                    }
                    if (method.equals("PATCH") && operation != null && keepsData && takesData(b, fill(template, own))) {
                        Request data = attack.json(Tenant.object("integrationsData." + Tenant.NAMESPACE + ".external_id", "B-WAS-HERE").toString())
                                .what("A's id, B's integration data");
                        attempts.add(new Attempt(data, data.path(twinPath), allowed));
                    }
                }
            }
        }
        return attempts;
    }

    /**
     * A's ids inside B's writes: each reference of a valid body of B (an id of B's own record) in turn
     * replaced by A's record of the same kind, batches naming A's records, and the OAuth connect naming
     * A's configuration. Never a 2xx: 404, or 422 naming the reference.
     */
    private static List<Attempt> insideWrites(List<Operation> operations, Tenant a, Tenant b) {
        Map<String, String> ofB = b.allIds();
        Map<String, String> ofA = a.allIds();
        List<Attempt> attempts = new ArrayList<>();
        for (Operation operation : operations) {
            if (!operation.method().equals("POST") || !operation.template().startsWith("/api/v1/") || operation.template().endsWith("/query")) {
                continue;
            }
            String path = b.resolveQuietly(operation.template());
            ObjectNode body = path == null ? null : b.validBody(operation);
            if (body == null) {
                continue;
            }
            for (Map.Entry<String, String> id : ofB.entrySet()) {
                String theirs = ofA.get(id.getKey());
                if (theirs == null || theirs.equals(id.getValue()) || !body.toString().contains("\"" + id.getValue() + "\"")) {
                    continue;
                }
                JsonNode changed = replace(b.validBody(operation), id.getValue(), theirs);
                Request attack = b.request("POST", path, "A's " + id.getKey() + " inside B's body").json(changed.toString());
                Request twin = attack.json(replace(b.validBody(operation), id.getValue(), unknownId()).toString());
                attempts.add(new Attempt(attack, twin, Set.of(400, 404, 422)));
            }
        }
        for (Operation operation : operations) {
            String template = operation.template();
            if (!operation.onCollection() || !template.startsWith("/api/v1/")
                    || !Set.of("PUT", "PATCH", "DELETE").contains(operation.method()) || !operation.takesBody()) {
                continue;
            }
            String theirs = a.resolveQuietly(template + "/{id}");
            if (theirs == null) {
                continue;
            }
            String id = theirs.substring(theirs.lastIndexOf('/') + 1);
            ObjectNode item = b.createBody(template);
            if (item == null) {
                item = Probe.JSON.createObjectNode();
            }
            String unknown = unknownId();
            for (String shape : List.of("{\"data\":[" + item.deepCopy().put("id", "@ID@") + "]}", "{\"data\":[\"@ID@\"]}")) {
                Request attack = b.request(operation.method(), template, "batch naming A's record").json(shape.replace("@ID@", id));
                attempts.add(new Attempt(attack, attack.json(shape.replace("@ID@", unknown)), Set.of(400, 404, 422)));
            }
        }
        String configuration = a.allIds().get("/api/v1/connectors/{connector}/configurations/{id}");
        Request connect = b.request("GET", "/api/v1/oauth/connect/github?configuration_id=" + configuration, "A's configuration in B's OAuth connect");
        attempts.add(new Attempt(connect, connect.path("/api/v1/oauth/connect/github?configuration_id=" + unknownId()), Set.of(400, 404, 422)));
        return attempts;
    }

    /** A's ids and outside ids in B's filters: an empty page, as for an id that does not exist. */
    private static List<Attempt> inFilters(List<Operation> operations, Tenant a, Tenant b) {
        List<Attempt> attempts = new ArrayList<>();
        for (Operation operation : operations) {
            String template = operation.template();
            if (!operation.onCollection() || !operation.method().equals("GET") || !template.startsWith("/api/v1/")) {
                continue;
            }
            String theirs = a.resolveQuietly(template + "/{id}");
            if (theirs == null) {
                continue;
            }
            String id = theirs.substring(theirs.lastIndexOf('/') + 1);
            String unknown = unknownId();
            Request byId = b.request("GET", template + "?id=" + id, "A's id in B's filter");
            attempts.add(new Attempt(byId, byId.path(template + "?id=" + unknown), Set.of(200)));
            Request byOutsideId = b.request("GET", template + "?integrationsData." + Tenant.NAMESPACE + ".external_id=" + a.externalId,
                    "A's outside id in B's filter");
            attempts.add(new Attempt(byOutsideId, byOutsideId.path(template + "?integrationsData." + Tenant.NAMESPACE
                    + ".external_id=NO-SUCH-1"), Set.of(200)));
            String query = template + "/query";
            if (operations.stream().anyMatch(o -> o.template().equals(query))) {
                Request byQuery = b.request("POST", query, "A's id in B's query body").json("{\"filter\":{\"id\":\"" + id + "\"}}");
                attempts.add(new Attempt(byQuery, byQuery.json("{\"filter\":{\"id\":\"" + unknown + "\"}}"), Set.of(200)));
            }
        }
        return attempts;
    }

    /** Runs every attempt with its twin and notes what gives A's records away. */
    private static void run(Probe probe, List<Attempt> attempts, Set<String> idsOfA, Tenant a, List<Finding> findings) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Attempt attempt : attempts) {
                running.add(callers.submit(() -> {
                    Answer answer = probe.send(attempt.attack());
                    Answer twin = probe.send(attempt.twin());
                    String problem = judge(attempt, answer, twin, idsOfA, a);
                    if (problem != null) {
                        findings.add(new Finding(attempt.attack(), answer, problem));
                    }
                }));
            }
            for (Future<?> one : running) {
                one.get();
            }
        } finally {
            callers.shutdownNow();
        }
    }

    private static String judge(Attempt attempt, Answer answer, Answer twin, Set<String> idsOfA, Tenant a) {
        if (answer.failure() != null) {
            return "no answer";
        }
        int status = answer.status();
        if (status >= 200 && status < 300 && !attempt.allowed().contains(status)) {
            return "2xx: B reached A's record";
        }
        if (status == 403 || status == 409 || status == 412) {
            return status + " for A's record, not 404 (unknown id: " + twin.status() + ")";
        }
        if (status >= 300 && status < 400) {
            return "redirect with A's record (unknown id: " + twin.status() + ")";
        }
        if (status != twin.status()) {
            return "differs from an unknown id's " + twin.status() + " " + twin.start(120);
        }
        // A 405 the unknown id gets too is the route refusing the method for every record (a read-only
        // entity's write, which the OpenAPI documents still list): it says nothing of A's record.
        if (!attempt.allowed().contains(status) && status != 405) {
            return "neither " + attempt.allowed() + " (unknown id: the same)";
        }
        String text = answer.text();
        for (String id : idsOfA) {
            if (text.contains(id) && !attempt.attack().path().contains(id) && !new String(bodyOf(attempt.attack())).contains(id)) {
                return "shows A's id " + id;
            }
        }
        if (text.contains(a.email) || text.contains(a.name)
                || text.contains(a.externalId) && !attempt.attack().path().contains(a.externalId)) {
            return "shows A's owner or name";
        }
        JsonNode data = status == 200 ? answer.json() : null;
        if (data != null && data.path("data").isArray()) {
            for (JsonNode record : data.path("data")) {
                if (idsOfA.contains(record.path("id").asText())) {
                    return "lists A's record " + record.path("id").asText();
                }
            }
        }
        if (status >= 400 && !attempt.attack().method().equals("HEAD")) {
            String envelope = Probe.envelopeProblem(answer);
            if (envelope != null) {
                return envelope;
            }
        }
        return Contract.answerProblem(attempt.attack(), answer);
    }

    private static byte[] bodyOf(Request request) {
        return request.body() == null ? new byte[0] : request.body();
    }

    /** What A reads on every documented GET it can address, read until two reads in a row agree. */
    private static Map<String, Answer> stableSnapshot(Tenant a, List<Operation> operations) throws InterruptedException {
        List<String> paths = new ArrayList<>();
        for (Operation operation : operations) {
            String template = operation.template();
            // Not records: the OAuth connect answers a new state each time, the callback a refusal, the
            // proxy another site's answer; /internal and /.well-known are not routed.
            if (!operation.method().equals("GET") || !template.startsWith("/api/v1/") || template.startsWith("/api/v1/oauth/")
                    || template.startsWith("/api/v1/proxy/")) {
                continue;
            }
            String path = a.resolveQuietly(template);
            if (path != null) {
                paths.add(path);
            }
        }
        Map<String, Answer> last = snapshot(a, paths);
        for (int round = 0; round < 10; round++) {
            Thread.sleep(1_000);
            Map<String, Answer> next = snapshot(a, paths);
            List<String> moving = new ArrayList<>();
            for (String path : paths) {
                if (!same(last.get(path), next.get(path))) {
                    moving.add(path);
                }
            }
            if (moving.isEmpty()) {
                return next;
            }
            System.out.println("CrossTenantIT: A's reads still settling: " + moving);
            last = next;
        }
        throw new IllegalStateException("A's records kept changing on their own: the comparison would mean nothing");
    }

    private static Map<String, Answer> snapshot(Tenant a, java.util.Collection<String> paths) {
        Map<String, Answer> reads = new LinkedHashMap<>();
        for (String path : paths) {
            reads.put(path, a.probe.send(a.request("GET", path, "A's read")));
        }
        return reads;
    }

    private static boolean same(Answer one, Answer other) {
        return one.status() == other.status() && java.util.Objects.equals(one.header("ETag"), other.header("ETag"))
                && java.util.Objects.equals(one.json(), other.json());
    }

    /** Whether B may write its integration data on its own record at {@code path} (so the body is not what a refusal is about). */
    private static boolean takesData(Tenant b, String path) {
        return b.probe.send(b.request("PATCH", path, "B's own data").json(Tenant.object("integrationsData." + Tenant.NAMESPACE
                + ".external_id", "B-OWN").toString())).status() == 200;
    }

    private static String fill(String template, List<String> values) {
        StringBuilder path = new StringBuilder();
        int at = 0;
        for (String value : values) {
            int open = template.indexOf('{', at);
            path.append(template, at, open).append(value);
            at = template.indexOf('}', open) + 1;
        }
        return path.append(template.substring(at)).toString();
    }

    /** A well-formed id (15 of [a-z0-9]) no record has. */
    private static String unknownId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder("q");
        for (int i = 1; i < 15; i++) {
            id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    /** {@code node} with every text equal to {@code from} replaced by {@code to}, at any depth. */
    private static JsonNode replace(JsonNode node, String from, String to) {
        if (node.isTextual()) {
            return node.textValue().equals(from) ? TextNode.valueOf(to) : node;
        }
        if (node.isObject()) {
            ObjectNode copy = Probe.JSON.createObjectNode();
            node.fields().forEachRemaining(field -> copy.set(field.getKey(), replace(field.getValue(), from, to)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = Probe.JSON.createArrayNode();
            node.forEach(item -> copy.add(replace(item, from, to)));
            return copy;
        }
        return node;
    }
}
