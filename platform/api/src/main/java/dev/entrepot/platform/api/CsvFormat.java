package dev.entrepot.platform.api;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Records as RFC 4180 CSV with a header row. Lists of plain values are joined with {@code |}, objects
 * are written as JSON. A text cell that a spreadsheet would run as a formula (it begins with
 * {@code = + - @}, a tab or a carriage return) gets a leading {@code '} so it stays text.
 */
public final class CsvFormat {

    private CsvFormat() {
    }

    public static void write(Envelope envelope, OutputStream out) throws IOException {
        List<JsonNode> records = records(envelope.body().get("data"));
        Set<String> columns = new LinkedHashSet<>();
        if (envelope.type() != null) {
            envelope.type().fields().forEach(field -> columns.add(field.name()));
        }
        records.forEach(record -> record.fieldNames().forEachRemaining(columns::add));
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        writeRow(writer, new ArrayList<>(columns.stream().map(CsvFormat::escapeText).toList()));
        for (JsonNode record : records) {
            List<String> cells = new ArrayList<>();
            for (String column : columns) {
                cells.add(cell(record.get(column)));
            }
            writeRow(writer, cells);
        }
        writer.flush();
    }

    static String cell(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        if (value.isTextual()) {
            return escapeText(value.textValue());
        }
        if (value.isArray() && allValues(value)) {
            List<String> parts = new ArrayList<>();
            value.forEach(element -> parts.add(element.asText()));
            return escapeText(String.join("|", parts));
        }
        return escapeText(value.toString());
    }

    /** Neutralises a formula and quotes the cell when it holds a separator, quote or line break. */
    static String escapeText(String text) {
        String safe = text;
        if (!safe.isEmpty() && "=+-@\t\r".indexOf(safe.charAt(0)) >= 0) {
            safe = "'" + safe;
        }
        if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0) {
            safe = "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }

    private static boolean allValues(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isValueNode()) {
                return false;
            }
        }
        return true;
    }

    static List<JsonNode> records(JsonNode data) {
        List<JsonNode> records = new ArrayList<>();
        if (data != null && data.isArray()) {
            data.forEach(records::add);
        } else if (data != null && data.isObject()) {
            records.add(data);
        }
        return records;
    }

    private static void writeRow(Writer writer, List<String> cells) throws IOException {
        writer.write(String.join(",", cells));
        writer.write("\r\n");
    }
}
