package dev.entrepot.platform.api;

import java.util.Currency;
import java.util.Locale;
import java.util.Set;

/** Rules for {@link Field#check} that more than one service needs. */
public final class Checks {

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private Checks() {
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
