package dev.entrepot.platform.api;

import java.util.Map;

/** The representations of the API, by media type and by path suffix ({@code /products.csv}). */
public final class Formats {

    public static final String JSON = "application/json";
    public static final String XML = "application/xml";
    public static final String CSV = "text/csv";
    public static final String PDF = "application/pdf";

    /** Suffix → media type; csv and pdf are read-only. */
    public static final Map<String, String> BY_SUFFIX = Map.of("json", JSON, "xml", XML, "csv", CSV, "pdf", PDF);

    private Formats() {
    }

    public static boolean isReadOnly(String mediaType) {
        return CSV.equals(mediaType) || PDF.equals(mediaType);
    }
}
