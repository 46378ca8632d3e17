package dev.entrepot.platform.api;

import java.util.Arrays;
import java.util.Optional;

/**
 * The filter operators of {@code field[op]=value}; a bare {@code field=value} is {@link #EQ}. A
 * {@link #LIKE} value is a case-insensitive pattern: {@code %} any run of characters, {@code _} any one,
 * and {@code \} makes the character after it literal ({@code \%}, {@code \_}, {@code \\}).
 */
public enum Operator {
    EQ, NE, GT, GTE, LT, LTE, IN, LIKE;

    public String token() {
        return name().toLowerCase();
    }

    /** What is wrong with a {@link #LIKE} pattern, or null: only a trailing {@code \} that escapes nothing. */
    public static String likePatternProblem(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            if (pattern.charAt(i) == '\\') {
                if (i + 1 == pattern.length()) {
                    return "ends in the escape character \\; write \\\\ for a literal backslash";
                }
                i++;
            }
        }
        return null;
    }

    public static Optional<Operator> byToken(String token) {
        return Arrays.stream(values()).filter(op -> op.token().equals(token)).findFirst();
    }
}
