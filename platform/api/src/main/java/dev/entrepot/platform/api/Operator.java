package dev.entrepot.platform.api;

import java.util.Arrays;
import java.util.Optional;

/** The filter operators of {@code field[op]=value}; a bare {@code field=value} is {@link #EQ}. */
public enum Operator {
    EQ, NE, GT, GTE, LT, LTE, IN, LIKE;

    public String token() {
        return name().toLowerCase();
    }

    public static Optional<Operator> byToken(String token) {
        return Arrays.stream(values()).filter(op -> op.token().equals(token)).findFirst();
    }
}
