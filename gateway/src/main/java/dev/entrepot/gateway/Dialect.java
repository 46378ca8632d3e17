package dev.entrepot.gateway;

/**
 * The API a request speaks (docs/dialects.md): the canonical one under {@code /api/v1/}, or a dialect whose
 * clients were written against another API. A dialect's path is read as the canonical path it stands for,
 * and its name goes to the service in {@link #HEADER}, so the service renders its envelope in the
 * dialect's shape. The gateway alone sets that header: whatever a caller sent under its name is dropped.
 */
enum Dialect {

    CANONICAL(null, Routes.PREFIX),
    /** PackageX's clients: {@code /v1/...}, GET and POST only, errors as strings. */
    PACKAGEX("packagex", "/v1/");

    static final String HEADER = "Entrepot-Dialect";

    /** The dialect's name in {@link #HEADER}, or null for the canonical API. */
    final String headerValue;
    private final String prefix;

    Dialect(String headerValue, String prefix) {
        this.headerValue = headerValue;
        this.prefix = prefix;
    }

    static Dialect of(String path) {
        return path != null && path.startsWith(PACKAGEX.prefix) ? PACKAGEX : CANONICAL;
    }

    /** The canonical path this dialect's {@code path} stands for: {@code /v1/locations/x} → {@code /api/v1/locations/x}. */
    String canonicalPath(String path) {
        return this == CANONICAL ? path : Routes.PREFIX + path.substring(prefix.length());
    }
}
