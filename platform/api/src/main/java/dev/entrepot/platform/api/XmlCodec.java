package dev.entrepot.platform.api;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.regex.Pattern;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The XML form of the API, a plain mapping of the JSON tree both ways: an object is an element per
 * property ({@code <entry key="…">} when the key is not an XML name), a list is an element of
 * {@code <item>} elements, null is {@code nil="true"}, every value is text. Reading refuses DTDs, so
 * no external entity is ever resolved, and elements nested deeper than {@link Body#MAX_DEPTH}.
 */
public final class XmlCodec {

    private static final String ITEM = "item";
    private static final String ENTRY = "entry";
    private static final Pattern XML_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final Pattern NOT_XML_CHARACTER = Pattern.compile("[^\\x09\\x0A\\x0D\\x20-\\uD7FF\\uE000-\\uFFFD\\x{10000}-\\x{10FFFF}]");
    private static final XMLInputFactory INPUT = secureInputFactory();
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newDefaultFactory();

    private XmlCodec() {
    }

    public static void write(JsonNode root, String rootName, OutputStream out) {
        try {
            XMLStreamWriter writer = OUTPUT.createXMLStreamWriter(out, "UTF-8");
            writer.writeStartDocument("UTF-8", "1.0");
            writeElement(writer, rootName, null, root);
            writer.writeEndDocument();
            writer.flush();
            writer.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("Writing XML failed", e);
        }
    }

    /** Parses a request body; a malformed document or one with a DTD is a 400 saying where. */
    public static JsonNode read(byte[] xml) {
        try {
            XMLStreamReader reader = INPUT.createXMLStreamReader(new ByteArrayInputStream(xml));
            try {
                while (reader.hasNext()) {
                    int event = reader.next();
                    if (event == XMLStreamConstants.DTD) {
                        throw ApiException.badRequest("XML with a DTD (DOCTYPE) is not accepted");
                    }
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        return readElement(reader, 1);
                    }
                }
                throw ApiException.badRequest("The XML body has no root element");
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNumber()
                    + ", column " + e.getLocation().getColumnNumber();
            throw new ApiException(400, "malformed_body", "Malformed XML" + where + ": " + firstLine(e.getMessage()));
        }
    }

    private static void writeElement(XMLStreamWriter writer, String name, String key, JsonNode node)
            throws XMLStreamException {
        if (node == null || node.isNull()) {
            writer.writeEmptyElement(name);
            if (key != null) {
                writer.writeAttribute("key", clean(key));
            }
            writer.writeAttribute("nil", "true");
            return;
        }
        writer.writeStartElement(name);
        if (key != null) {
            writer.writeAttribute("key", clean(key));
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                boolean plain = XML_NAME.matcher(property.getKey()).matches() && !property.getKey().equals(ENTRY)
                        && !property.getKey().equals(ITEM) && !property.getKey().toLowerCase().startsWith("xml");
                writeElement(writer, plain ? property.getKey() : ENTRY, plain ? null : property.getKey(), property.getValue());
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                writeElement(writer, ITEM, null, element);
            }
        } else {
            writer.writeCharacters(clean(node.asText()));
        }
        writer.writeEndElement();
    }

    /** The element the reader is at, {@code depth} levels down (the root is 1); deeper than {@link Body#MAX_DEPTH} is a 400. */
    private static JsonNode readElement(XMLStreamReader reader, int depth) throws XMLStreamException {
        if (depth > Body.MAX_DEPTH) {
            throw Body.tooDeep();
        }
        if ("true".equals(reader.getAttributeValue(null, "nil"))) {
            skipToEnd(reader);
            return FieldKind.JSON.nullNode();
        }
        StringBuilder text = new StringBuilder();
        ObjectNode object = null;
        ArrayNode array = null;
        while (true) {
            int event = reader.next();
            if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                text.append(reader.getText());
            } else if (event == XMLStreamConstants.START_ELEMENT) {
                String name = reader.getLocalName();
                String key = ENTRY.equals(name) ? reader.getAttributeValue(null, "key") : name;
                JsonNode child = readElement(reader, depth + 1);
                if (ITEM.equals(name) && object == null) {
                    array = array == null ? FieldKind.JSON.arrayNode() : array;
                    array.add(child);
                } else if (array == null && key != null) {
                    object = object == null ? FieldKind.newObject() : object;
                    if (object.has(key)) {
                        throw ApiException.badRequest("XML element '" + key + "' appears twice; lists use <item> elements");
                    }
                    object.set(key, child);
                } else {
                    throw ApiException.badRequest("XML element '" + name + "' mixes <item> elements with named ones");
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                if (array != null) {
                    return array;
                }
                return object != null ? object : FieldKind.JSON.textNode(text.toString());
            }
        }
    }

    private static void skipToEnd(XMLStreamReader reader) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private static String clean(String text) {
        return NOT_XML_CHARACTER.matcher(text).replaceAll("\uFFFD");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.lastIndexOf('\n');
        return (newline >= 0 ? message.substring(newline + 1) : message).trim();
    }

    private static XMLInputFactory secureInputFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }
}
