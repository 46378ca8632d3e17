package dev.entrepot.platform.api;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;

/**
 * Reads a JSON or XML request body into a {@link Body}: none at all is an empty {@link Body} whatever the
 * {@code Content-Type} (an action whose body is optional takes {@code curl -X POST}), a body without a
 * {@code Content-Type} is read as JSON, one of any type but JSON and XML is a 415; at most
 * {@link Body#MAX_BULK_BYTES} (413 beyond), nested at most {@link Body#MAX_DEPTH} levels, duplicate keys and trailing content refused, and
 * a malformed body answered with a 400 that says where it broke. Every name and text value in it passes
 * {@link Checks#textProblem} (422 naming each one that does not), so no service stores a NUL or half a
 * character, whatever it does with the body next.
 */
@Provider
@Consumes(MediaType.WILDCARD)
public class BodyReader implements MessageBodyReader<Body> {

    private static final int MAX_TEXT_ERRORS = 100;
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Body.MAX_DEPTH).build()).build())
            .setNodeFactory(FieldKind.JSON)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == Body.class;
    }

    @Override
    public Body readFrom(Class<Body> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders, InputStream entityStream) throws IOException {
        boolean xml = isXml(mediaType);
        if (!xml && !isJson(mediaType) && httpHeaders.getFirst(HttpHeaders.CONTENT_TYPE) != null) {
            if (entityStream.read() < 0) {
                return new Body(null, 0);
            }
            throw new ApiException(415, "unsupported_media_type", "Send application/json or application/xml");
        }
        byte[] bytes = entityStream.readNBytes((int) Body.MAX_BULK_BYTES + 1);
        if (bytes.length > Body.MAX_BULK_BYTES) {
            throw Body.tooLarge(Body.MAX_BULK_BYTES);
        }
        if (bytes.length == 0) {
            return new Body(null, 0);
        }
        JsonNode tree = xml ? XmlCodec.read(bytes) : json(bytes);
        refuseBadText(tree);
        return new Body(tree, bytes.length);
    }

    private static boolean isXml(MediaType type) {
        return type != null && (type.getSubtype().equals("xml") || type.getSubtype().endsWith("+xml"));
    }

    private static boolean isJson(MediaType type) {
        return type != null && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"));
    }

    private static JsonNode json(byte[] bytes) throws IOException {
        try {
            return MAPPER.readTree(bytes);
        } catch (StreamConstraintsException e) {
            if (e.getOriginalMessage().contains("nesting depth")) {
                throw Body.tooDeep();
            }
            throw new ApiException(400, "malformed_body", "The JSON body breaks a limit: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String at = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            throw new ApiException(400, "malformed_body", "Malformed JSON" + at + ": " + e.getOriginalMessage(),
                    List.of(FieldError.of(null, "Malformed JSON" + at)));
        }
    }

    /** A 422 naming every name or text value of the body that cannot be text (at most {@value #MAX_TEXT_ERRORS}). */
    static void refuseBadText(JsonNode tree) {
        List<FieldError> errors = new ArrayList<>();
        boolean bulk = tree != null && tree.isObject() && tree.size() == 1 && tree.path("data").isArray();
        if (bulk) {
            for (int i = 0; i < tree.get("data").size(); i++) {
                int index = i;
                collectBadText(tree.get("data").get(i), "", problem -> problem.at(index), errors);
            }
        } else {
            collectBadText(tree, "", problem -> problem, errors);
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }

    private static void collectBadText(JsonNode node, String path, UnaryOperator<FieldError> placed, List<FieldError> errors) {
        if (node == null || errors.size() >= MAX_TEXT_ERRORS) {
            return;
        }
        if (node.isTextual()) {
            String problem = Checks.textProblem(node.textValue());
            if (problem != null) {
                String field = path.isEmpty() ? null : Checks.printable(path);
                errors.add(placed.apply(FieldError.of(field, (field == null ? "The body" : field) + " " + problem)));
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                String name = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
                String problem = Checks.textProblem(property.getKey());
                if (problem != null) {
                    errors.add(placed.apply(FieldError.of(Checks.printable(name), "The name " + Checks.printable(name)
                            + " " + problem)));
                    continue;
                }
                collectBadText(property.getValue(), name, placed, errors);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectBadText(node.get(i), path + "[" + i + "]", placed, errors);
            }
        }
    }
}
