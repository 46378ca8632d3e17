package dev.entrepot.platform.api;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.List;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;

/**
 * Reads a JSON or XML request body into a {@link Body}: at most {@link Body#MAX_BULK_BYTES} (413
 * beyond), duplicate keys and trailing content refused, and a malformed body answered with a 400 that
 * says where it broke.
 */
@Provider
@Consumes({ Formats.JSON, Formats.XML, "text/xml" })
public class BodyReader implements MessageBodyReader<Body> {

    private static final ObjectMapper MAPPER = new ObjectMapper()
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
        byte[] bytes = entityStream.readNBytes((int) Body.MAX_BULK_BYTES + 1);
        if (bytes.length > Body.MAX_BULK_BYTES) {
            throw Body.tooLarge(Body.MAX_BULK_BYTES);
        }
        if (bytes.length == 0) {
            return new Body(null, 0);
        }
        if (mediaType != null && mediaType.getSubtype().equals("xml")) {
            return new Body(XmlCodec.read(bytes), bytes.length);
        }
        try {
            JsonNode json = MAPPER.readTree(bytes);
            return new Body(json, bytes.length);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String at = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            throw new ApiException(400, "malformed_body", "Malformed JSON" + at + ": " + e.getOriginalMessage(),
                    List.of(FieldError.of(null, "Malformed JSON" + at)));
        }
    }
}
