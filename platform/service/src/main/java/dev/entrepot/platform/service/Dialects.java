package dev.entrepot.platform.service;

/**
 * How the gateway tells a service which API dialect a request speaks (docs/dialects.md): the header, set by
 * the gateway alone, and the dialects' names in it. Absent, the request speaks the canonical API.
 */
public final class Dialects {

    public static final String HEADER = "Entrepot-Dialect";
    public static final String PACKAGEX = "packagex";
    public static final String PIZZLY = "pizzly";

    private Dialects() {
    }
}
