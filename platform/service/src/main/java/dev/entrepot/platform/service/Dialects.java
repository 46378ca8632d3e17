package dev.entrepot.platform.service;

import java.util.Locale;

/**
 * How the gateway tells a service which API dialect a request speaks (docs/dialects.md): the header, set by
 * the gateway alone, and the dialects' names in it. Absent, the request speaks the canonical API.
 */
public final class Dialects {

    public static final String HEADER = "Entrepot-Dialect";
    public static final String PACKAGEX = "packagex";
    public static final String PIZZLY = "pizzly";
    public static final String PIRANYA = "piranya";

    private Dialects() {
    }

    /** What every Piranya answer carries, the gateway's own refusals included. */
    public static final class Piranya {

        public static final int API_VERSION = 3;
        /** The locale of an answer when the request's {@code Accept-Language} names none. */
        public static final String DEFAULT_LOCALE = "en";

        private Piranya() {
        }

        /** The first language of {@code Accept-Language} ({@code da-DK,da;q=0.9} → {@code da}), or the default. */
        public static String locale(String acceptLanguage) {
            if (acceptLanguage == null) {
                return DEFAULT_LOCALE;
            }
            String first = acceptLanguage.split(",")[0].split(";")[0].trim();
            String language = first.split("-")[0].toLowerCase(Locale.ROOT);
            return language.matches("[a-z]{2,8}") ? language : DEFAULT_LOCALE;
        }
    }
}
