package dev.entrepot.platform.api;

import java.util.Currency;
import java.util.Locale;
import java.util.Set;

/** Rules for {@link Field#check} that more than one service needs. */
public final class Checks {

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private Checks() {
    }

    /**
     * What makes {@code text} unfit to be stored or compared as text, or null when it is fine: a NUL
     * character (PostgreSQL text cannot hold one) or a lone UTF-16 surrogate (it is no Unicode character;
     * it would be stored as '?'). The one check every text a caller sends passes, in bodies
     * ({@link BodyReader}), fields ({@link Field}), filters ({@link ListQuery}) and identity's own input.
     */
    public static String textProblem(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (c == 0) {
                return "must not contain NUL characters";
            }
            if (Character.getType(c) == Character.SURROGATE) {
                return "must be valid Unicode text (it has an unpaired surrogate)";
            }
            i += Character.charCount(c);
        }
        return null;
    }

    /** {@code text} with its control characters and unpaired surrogates shown as {@code \\uXXXX}, to quote it in an error. */
    public static String printable(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE) {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.appendCodePoint(c);
            }
            i += Character.charCount(c);
        }
        return shown.toString();
    }

    /** An ISO 4217 currency code in capitals, such as SAR. */
    public static String currencyProblem(Object value) {
        String code = (String) value;
        try {
            return code.equals(code.toUpperCase(Locale.ROOT)) && Currency.getInstance(code) != null ? null
                    : "must be an ISO 4217 code such as SAR";
        } catch (IllegalArgumentException e) {
            return "must be an ISO 4217 code such as SAR";
        }
    }

    /** An ISO 3166-1 alpha-2 country code, such as SA. */
    public static boolean isCountry(Object value) {
        return COUNTRIES.contains(value);
    }
}
