package dev.entrepot.platform.api;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;

/** One writer per representation of an {@link Envelope}. */
public final class EnvelopeWriters {

    private EnvelopeWriters() {
    }

    abstract static class EnvelopeWriter implements MessageBodyWriter<Envelope> {

        @Override
        public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
            return type == Envelope.class;
        }

        @Override
        public void writeTo(Envelope envelope, Class<?> type, Type genericType, Annotation[] annotations,
                MediaType mediaType, MultivaluedMap<String, Object> httpHeaders, OutputStream out) throws IOException {
            write(envelope, out);
        }

        abstract void write(Envelope envelope, OutputStream out) throws IOException;
    }

    @Provider
    @Produces(Formats.JSON)
    public static class Json extends EnvelopeWriter {

        private static final ObjectMapper MAPPER = new ObjectMapper();

        @Override
        void write(Envelope envelope, OutputStream out) throws IOException {
            MAPPER.writeValue(out, envelope.body());
        }
    }

    @Provider
    @Produces({ Formats.XML, "text/xml" })
    public static class Xml extends EnvelopeWriter {

        @Override
        void write(Envelope envelope, OutputStream out) {
            XmlCodec.write(envelope.body(), "response", out);
        }
    }

    @Provider
    @Produces(Formats.CSV)
    public static class Csv extends EnvelopeWriter {

        @Override
        void write(Envelope envelope, OutputStream out) throws IOException {
            CsvFormat.write(envelope, out);
        }
    }

    @Provider
    @Produces(Formats.PDF)
    public static class Pdf extends EnvelopeWriter {

        @Override
        void write(Envelope envelope, OutputStream out) throws IOException {
            PdfFormat.write(envelope, out);
        }
    }
}
