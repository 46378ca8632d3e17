package dev.entrepot.platform.api;

/** A value that does not fit its field; the message says why, in words a caller can act on. */
public class InvalidValue extends RuntimeException {

    public InvalidValue(String message) {
        super(message, null, false, false);
    }
}
