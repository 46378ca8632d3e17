package dev.entrepot.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * The public API's contract: every request of the system tests to an {@code /api/v1/...} path, and its
 * answer, checked against the gateway's merged OpenAPI document (the one it serves at
 * {@code /openapi.json}, read here from the gateway's build). An answer that does not match its operation
 * (status, headers, body schema) is a failure of the test that made it; so is a request the document
 * would refuse that the API accepted (2xx or 3xx). A request the test sent wrong on purpose and the API
 * refused is consistent with the document, whatever the document says of the request.
 */
final class Contract {

    /** The merged document, as the gateway's build wrote it. */
    static final Path DOCUMENT = Path.of(System.getProperty("entrepot.root", "..")).toAbsolutePath().normalize()
            .resolve("gateway/target/classes/public-api/openapi.json");

    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForInlineApiSpecification(read(DOCUMENT))
            .withLevelResolver(LevelResolver.create()
                    // Filters by integration data (integrationsData.erp.external_id) are one documented
                    // family, not parameters of their own; and elevation/mode apply to every operation.
                    .withLevel("validation.request.parameter.query.unexpected", ValidationReport.Level.IGNORE)
                    // Credentials are the gateway's to check (and tested as such), not the validator's.
                    .withLevel("validation.request.security.missing", ValidationReport.Level.IGNORE)
                    .withLevel("validation.request.security.invalid", ValidationReport.Level.IGNORE)
                    .build())
            // The envelopes are allOf(Envelope, {data}): checked as the one schema they make together.
            .withResolveCombinators(true)
            .build();
    private static final AtomicLong CHECKED = new AtomicLong();
    private static final AtomicLong NANOS = new AtomicLong();

    private Contract() {
    }

    static boolean covers(String path) {
        return path.startsWith("/api/v1/");
    }

    /** How many interactions were checked, and the milliseconds the checks took. */
    static String summary() {
        return CHECKED.get() + " interactions checked against the OpenAPI document in " + NANOS.get() / 1_000_000 + " ms";
    }

    /** A REST Assured filter that fails the request's test when the interaction breaks the contract. */
    static Filter filter() {
        return new Filter() {
            @Override
            public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification expected, FilterContext context) {
                Response response = context.next(request, expected);
                String path = URI.create(request.getURI()).getRawPath();
                if (covers(path)) {
                    List<String> problems = problems(check(() -> VALIDATOR.validate(RestAssuredRequest.of(request),
                            RestAssuredResponse.of(response))), request.getMethod(), response.statusCode());
                    if (!problems.isEmpty()) {
                        throw new AssertionError("Not as the OpenAPI document says: " + request.getMethod() + " " + path
                                + " → " + response.statusCode() + "\n  " + String.join("\n  ", problems)
                                + "\n  answer: " + Probe.shorten(response.asString(), 600));
                    }
                }
                return response;
            }
        };
    }

    /** What is wrong with a probe's answer, or null; the probes' requests are hostile on purpose, so only the answer counts. */
    static String answerProblem(Probe.Request request, Probe.Answer answer) {
        String path;
        try {
            path = URI.create("http://x" + request.path()).getRawPath();
        } catch (IllegalArgumentException unparsable) {
            return null; // a target no client could send as a URI is the gateway's to refuse, and tested as such
        }
        if (answer.failure() != null || path == null || !covers(path)) {
            return null;
        }
        com.atlassian.oai.validator.model.Request.Method method;
        try {
            method = com.atlassian.oai.validator.model.Request.Method.valueOf(request.method());
        } catch (IllegalArgumentException notAnOperation) {
            return null; // a method no operation has (FOO, TRACE through the gateway) is refused before any
        }
        SimpleResponse.Builder received = new SimpleResponse.Builder(answer.status());
        for (Map.Entry<String, List<String>> header : answer.headers().entrySet()) {
            if (header.getKey() != null && !header.getKey().startsWith(":")) {
                received.withHeader(header.getKey(), header.getValue());
            }
        }
        if (answer.body().length > 0) {
            received.withBody(answer.text());
        }
        List<String> problems = problems(check(() -> VALIDATOR.validateResponse(path, method, received.build())),
                request.method(), answer.status());
        return problems.isEmpty() ? null : "not as the OpenAPI document says: " + String.join("; ", problems);
    }

    private static ValidationReport check(java.util.function.Supplier<ValidationReport> validation) {
        long start = System.nanoTime();
        try {
            return validation.get();
        } finally {
            NANOS.addAndGet(System.nanoTime() - start);
            CHECKED.incrementAndGet();
        }
    }

    /**
     * The report's errors that break the contract: every one about the answer; one about the request only
     * when the API accepted it.
     */
    private static List<String> problems(ValidationReport report, String method, int status) {
        List<String> problems = new ArrayList<>();
        boolean unknownOperation = report.getMessages().stream().anyMatch(message -> message.getKey().equals("validation.request.path.missing")
                || message.getKey().equals("validation.request.operation.notAllowed"));
        if (unknownOperation && (status == 404 || status == 405 || method.equals("OPTIONS") || method.equals("HEAD"))) {
            // An undocumented path or method refused as such; or OPTIONS and HEAD, which the framework
            // answers for every resource (documented where the write policy shapes them: the generic API).
            return problems;
        }
        for (ValidationReport.Message message : report.getMessages()) {
            if (message.getLevel() != ValidationReport.Level.ERROR) {
                continue;
            }
            boolean aboutRequest = message.getKey().startsWith("validation.request");
            if (aboutRequest && status >= 400) {
                continue;
            }
            problems.add(message.getKey() + ": " + message.getMessage() + message.getNestedMessages().stream()
                    .map(nested -> " / " + nested.getMessage()).reduce("", String::concat));
        }
        return problems;
    }

    private static String read(Path document) {
        try {
            return Files.readString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(document + " is missing: build the gateway first (./mvnw verify builds it)", e);
        }
    }
}
