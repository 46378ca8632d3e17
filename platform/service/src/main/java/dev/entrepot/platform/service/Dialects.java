package dev.entrepot.platform.service;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        /** The primary language tag of the first language range (not {@code *}). */
        private static final Pattern FIRST_LANGUAGE = Pattern.compile("\\s*([A-Za-z]{2,8})(?![A-Za-z])");

        private Piranya() {
        }

        /** The first language of {@code Accept-Language} ({@code da-DK,da;q=0.9} → {@code da}), or the default. */
        public static String locale(String acceptLanguage) {
            return locale(acceptLanguage, null);
        }

        /**
         * The first language of {@code Accept-Language}; when it names none, the organization's locale
         * (null: not known), else the default.
         */
        public static String locale(String acceptLanguage, String organizationLocale) {
            Matcher first = acceptLanguage == null ? null : FIRST_LANGUAGE.matcher(acceptLanguage);
            if (first != null && first.lookingAt()) {
                return first.group(1).toLowerCase(Locale.ROOT);
            }
            return organizationLocale != null && !organizationLocale.isBlank() ? organizationLocale : DEFAULT_LOCALE;
        }
    }
}
