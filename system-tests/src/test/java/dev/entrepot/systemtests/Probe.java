package dev.entrepot.systemtests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The outside probes' HTTP side: requests sent as a careless or hostile client would (any method, any
 * header, any bytes), answers kept whole, every request counted, and the checks every answer of the
 * public API must pass: no 5xx, and every 4xx in the error envelope of docs/architecture.md#public-api
 * ({@code status}, {@code error_code}, {@code message}, {@code errors}) with a JSON content type.
 * Failures are collected, never thrown one by one, so one run lists every finding.
 */
final class Probe {

    static final ObjectMapper JSON = new ObjectMapper();

    static {
        // Answers are ours to read whatever their depth; the hostile bodies are written as text, not through Jackson.
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(100_000)
                .maxStringLength(Integer.MAX_VALUE).build());
    }

    /** One request: {@code what} says, for a failure message, which hostile value it carries. */
    record Request(String method, String path, Map<String, String> headers, byte[] body, String what) {

        static Request of(String method, String path, String what) {
            return new Request(method, path, new LinkedHashMap<>(), null, what);
        }

        Request header(String name, String value) {
            Map<String, String> copy = new LinkedHashMap<>(headers);
            copy.put(name, value);
            return new Request(method, path, copy, body, what);
        }

        Request withoutHeader(String name) {
            Map<String, String> copy = new LinkedHashMap<>(headers);
            copy.remove(name);
            return new Request(method, path, copy, body, what);
        }

        Request body(String contentType, byte[] bytes) {
            Request with = new Request(method, path, headers, bytes, what);
            return contentType == null ? with.withoutHeader("Content-Type") : with.header("Content-Type", contentType);
        }

        Request json(String text) {
            return body("application/json", text.getBytes(StandardCharsets.UTF_8));
        }

        Request json(JsonNode node) {
            return json(node.toString());
        }

        Request path(String newPath) {
            return new Request(method, newPath, headers, body, what);
        }

        Request what(String description) {
            return new Request(method, path, headers, body, description);
        }
    }

    /** An answer; {@code failure} is set instead of a status when none came (refused, reset, timed out). */
    record Answer(int status, Map<String, List<String>> headers, byte[] body, String failure) {

        String header(String name) {
            for (Map.Entry<String, List<String>> header : headers.entrySet()) {
                if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                    return header.getValue().get(0);
                }
            }
            return null;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body as JSON, or null when it is not JSON. */
        JsonNode json() {
            try {
                return body.length == 0 ? null : JSON.readTree(body);
            } catch (IOException notJson) {
                return null;
            }
        }

        String start(int length) {
            if (failure != null) {
                return failure;
            }
            String text = text().replace("\n", " ").replace("\r", " ");
            return text.length() <= length ? text : text.substring(0, length) + "…";
        }
    }

    /** A request and what is wrong with its answer. */
    record Finding(Request request, Answer answer, String problem) {

        String line() {
            return request.method() + " " + shorten(request.path(), 160) + " [" + request.what() + "] → "
                    + (answer.failure() != null ? "no answer" : answer.status()) + " " + problem + ": " + answer.start(200);
        }
    }

    private final URI base;
    private final HttpClient http;
    private final AtomicInteger sent = new AtomicInteger();

    Probe(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    URI base() {
        return base;
    }

    /** How many requests went out (through {@link #send} and {@link #raw}). */
    int sent() {
        return sent.get();
    }

    Answer send(Request request) {
        sent.incrementAndGet();
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(URI.create(base + request.path())).timeout(Duration.ofSeconds(60));
            request.headers().forEach(builder::header);
        } catch (IllegalArgumentException unsendable) {
            return new Answer(0, Map.of(), new byte[0], "the client could not send it: " + unsendable.getMessage());
        }
        HttpRequest.BodyPublisher body = request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body());
        builder.method(request.method(), body);
        try {
            HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().map(), response.body(), null);
        } catch (IOException e) {
            return new Answer(0, Map.of(), new byte[0], e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, Map.of(), new byte[0], "interrupted");
        }
    }

    /**
     * Sends {@code bytes} as they are on a new connection (for what an HTTP client library refuses to
     * write: two Transfer-Encodings, a bare {@code %}, control bytes in a header) and reads one answer.
     */
    Answer raw(String what, byte[] bytes) {
        sent.incrementAndGet();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            return readAnswer(socket.getInputStream());
        } catch (IOException e) {
            return new Answer(0, Map.of(), new byte[0], what + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static Answer readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return new Answer(0, Map.of(), new byte[0], "the connection closed without an answer");
                }
                break;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status = Integer.parseInt(statusLine[1]);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<String> length = headers.get("Content-Length");
        List<String> encoding = headers.get("Transfer-Encoding");
        if (length != null) {
            body.write(in.readNBytes(Integer.parseInt(length.get(0))));
        } else if (encoding != null && encoding.get(0).toLowerCase(Locale.ROOT).contains("chunked")) {
            while (true) {
                String size = readLine(in).split(";")[0].trim();
                int chunk = size.isEmpty() ? 0 : Integer.parseInt(size, 16);
                if (chunk == 0) {
                    break;
                }
                body.write(in.readNBytes(chunk));
                readLine(in);
            }
        } else {
            try {
                body.write(in.readAllBytes());
            } catch (IOException closedUnderneath) {
                // What came before the reset is the answer.
            }
        }
        return new Answer(status, headers, body.toByteArray(), null);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    /**
     * Sends every request on {@code threads} callers and hands each answer to {@code onAnswer} (from
     * those threads), in no particular order.
     */
    void sendAll(List<Request> requests, int threads, BiConsumer<Request, Answer> onAnswer) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Request request : requests) {
                running.add(callers.submit(() -> onAnswer.accept(request, send(request))));
            }
            for (Future<?> one : running) {
                one.get();
            }
        } finally {
            callers.shutdownNow();
        }
    }

    /** What is wrong with an answer of the public API, or null: a 5xx, no answer, or a 4xx outside the envelope. */
    static String problem(Request request, Answer answer) {
        if (answer.failure() != null) {
            return "no answer";
        }
        if (answer.status() >= 500) {
            return "5xx";
        }
        if (answer.text().contains("root:x:0:")) {
            return "shows /etc/passwd (an XML external entity was read)";
        }
        if (answer.status() >= 400 && !request.method().equals("HEAD")) {
            String envelope = envelopeProblem(answer);
            if (envelope != null) {
                return envelope;
            }
        }
        return Contract.answerProblem(request, answer);
    }

    /** Why a 4xx answer is not our error envelope, or null when it is. */
    static String envelopeProblem(Answer answer) {
        String type = answer.header("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return "not JSON (Content-Type " + type + ")";
        }
        JsonNode body = answer.json();
        if (body == null || !body.isObject()) {
            return "not a JSON object";
        }
        List<String> missing = new ArrayList<>();
        if (!body.path("status").isInt() || body.path("status").intValue() != answer.status()) {
            missing.add("status=" + answer.status());
        }
        if (!body.path("error_code").isTextual() || body.path("error_code").textValue().isBlank()) {
            missing.add("error_code");
        }
        if (!body.path("message").isTextual()) {
            missing.add("message");
        }
        if (!body.path("errors").isArray()) {
            missing.add("errors[]");
        }
        return missing.isEmpty() ? null : "not the envelope (lacks " + String.join(", ", missing) + ")";
    }

    /**
     * One assertion message for every finding: first a count per kind (status, problem, the hostile
     * value's kind), then every finding on a line of its own.
     */
    static String report(String title, List<Finding> findings) {
        Map<String, Integer> kinds = new TreeMap<>();
        for (Finding finding : findings) {
            String kind = (finding.answer().failure() != null ? "no answer" : String.valueOf(finding.answer().status()))
                    + " " + finding.problem() + " — " + kindOf(finding.request().what());
            kinds.merge(kind, 1, Integer::sum);
        }
        StringBuilder message = new StringBuilder(title).append(": ").append(findings.size()).append(" findings\n");
        kinds.forEach((kind, count) -> message.append(String.format("%5d × %s%n", count, kind)));
        message.append("--- every finding ---\n");
        List<String> lines = new ArrayList<>();
        findings.forEach(finding -> lines.add(finding.line()));
        Collections.sort(lines);
        lines.forEach(line -> message.append(line).append('\n'));
        return message.toString();
    }

    /** The kind of a hostile value: its description, shortened. */
    private static String kindOf(String what) {
        return shorten(what, 70);
    }

    static String shorten(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length) + "…(" + text.length() + " chars)";
    }
}
