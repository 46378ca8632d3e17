package dev.entrepot.platform.api;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Records as a printable PDF: a title, then each record as a block of {@code field: value} lines, on
 * as many A4 pages as needed. The standard PDF fonts have no Arabic glyphs, so characters outside
 * their encoding print as {@code ?} (the JSON, XML and CSV forms carry every character).
 */
public final class PdfFormat {

    private static final float MARGIN = 40;
    private static final float LINE = 12;
    private static final int MAX_LINE_CHARACTERS = 110;

    private PdfFormat() {
    }

    public static void write(Envelope envelope, OutputStream out) throws IOException {
        PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        List<JsonNode> records = CsvFormat.records(envelope.body().get("data"));
        String title = (envelope.type() == null ? "records" : envelope.type().name()) + " (" + records.size()
                + (envelope.body().has("total_count") ? " of " + envelope.body().get("total_count").asText() : "") + ")";
        try (PDDocument document = new PDDocument()) {
            Pages pages = new Pages(document);
            pages.line(bold, 14, title);
            for (JsonNode record : records) {
                pages.gap();
                pages.line(bold, 10, printable(bold, record.path(EntityType.ID).asText()));
                for (Map.Entry<String, JsonNode> field : record.properties()) {
                    if (!field.getKey().equals(EntityType.ID)) {
                        String text = field.getKey() + ": " + plain(field.getValue());
                        for (String part : wrap(text)) {
                            pages.line(regular, 9, printable(regular, part));
                        }
                    }
                }
            }
            pages.close();
            document.save(out);
        }
    }

    private static String plain(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static List<String> wrap(String text) {
        List<String> lines = new ArrayList<>();
        for (int start = 0; start < text.length(); start += MAX_LINE_CHARACTERS) {
            lines.add(text.substring(start, Math.min(text.length(), start + MAX_LINE_CHARACTERS)));
        }
        return lines.isEmpty() ? List.of("") : lines;
    }

    private static String printable(PDType1Font font, String text) {
        StringBuilder printable = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> {
            String character = new String(Character.toChars(codePoint));
            try {
                font.encode(character);
                printable.append(character);
            } catch (IllegalArgumentException | IOException e) {
                printable.append('?');
            }
        });
        return printable.toString();
    }

    /** Writes lines top to bottom, starting a new page when one is full. */
    private static final class Pages {
        private final PDDocument document;
        private PDPageContentStream content;
        private float y;

        Pages(PDDocument document) {
            this.document = document;
        }

        void line(PDType1Font font, float size, String text) throws IOException {
            if (content == null || y < MARGIN) {
                newPage();
            }
            content.beginText();
            content.setFont(font, size);
            content.newLineAtOffset(MARGIN, y);
            content.showText(text.replace('\n', ' ').replace('\r', ' ').replace('\t', ' '));
            content.endText();
            y -= LINE;
        }

        void gap() {
            y -= LINE / 2;
        }

        void close() throws IOException {
            if (content == null) {
                newPage();
            }
            content.close();
        }

        private void newPage() throws IOException {
            if (content != null) {
                content.close();
            }
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            content = new PDPageContentStream(document, page);
            y = page.getMediaBox().getHeight() - MARGIN;
        }
    }
}
