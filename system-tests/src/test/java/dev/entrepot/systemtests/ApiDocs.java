package dev.entrepot.systemtests;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.entrepot.systemtests.Suite.App;

/**
 * Every operation the four services document at {@code /q/openapi} on their own ports, so a probe built
 * on this list covers a new endpoint the day it is declared: its paths, methods, parameters and request
 * content types are what is used.
 */
final class ApiDocs {

    private static final Set<String> METHODS = Set.of("get", "head", "options", "post", "put", "patch", "delete");
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

    /** One documented operation; {@code template} is the path with its {@code {parameters}}. */
    record Operation(App app, String method, String template, List<String> bodyTypes, List<String> queryParameters) {

        List<String> pathParameters() {
            List<String> names = new ArrayList<>();
            Matcher matcher = PARAMETER.matcher(template);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            return names;
        }

        boolean takesBody() {
            return !bodyTypes.isEmpty();
        }

        /** A collection of records: {@code /api/v1/x} (or {@code /api/v1/inventory/adjustments}) without parameters. */
        boolean onCollection() {
            return pathParameters().isEmpty();
        }

        /** One record of a collection: the template ends in the collection's {@code {id}}. */
        boolean onRecord() {
            return template.endsWith("/{id}");
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    private ApiDocs() {
    }

    /** Every documented operation of every service, in document order (service by service). */
    static List<Operation> all() throws IOException, InterruptedException {
        // HTTP/1.1 as the probes speak it: the JDK client's default h2c upgrade, against a service's large
        // /q/openapi answer, once read the JSON body as HTTP/2 frames ("Frame type(34) ... exceeds MAX_FRAME_SIZE").
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Operation> operations = new ArrayList<>();
        for (App app : List.of(App.CATALOG, App.ORDERS, App.IDENTITY, App.INTEGRATIONS)) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(app.baseUri().resolve("/q/openapi?format=json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(app.module + " serves no OpenAPI document: " + answer.statusCode());
            }
            JsonNode paths = Probe.JSON.readTree(answer.body()).path("paths");
            for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> path = it.next();
                for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    if (!METHODS.contains(op.getKey())) {
                        continue;
                    }
                    List<String> types = new ArrayList<>();
                    op.getValue().path("requestBody").path("content").fieldNames().forEachRemaining(types::add);
                    List<String> query = new ArrayList<>();
                    for (JsonNode parameter : op.getValue().path("parameters")) {
                        if (parameter.path("in").asText().equals("query")) {
                            query.add(parameter.path("name").asText());
                        }
                    }
                    operations.add(new Operation(app, op.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(), types, query));
                }
            }
        }
        if (operations.size() < 50) {
            throw new IllegalStateException("only " + operations.size() + " operations documented: the documents are not what this probe expects");
        }
        return operations;
    }
}
