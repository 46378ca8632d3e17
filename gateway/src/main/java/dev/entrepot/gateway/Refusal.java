package dev.entrepot.gateway;

/**
 * An answer the gateway gives itself instead of the service's, rendered once into the error envelope by
 * {@link Replies}. {@code logDetail} is for the gateway's log only (which service, why identity refused):
 * callers are told no more than the message.
 */
public final class Refusal extends RuntimeException {

    private final int status;
    private final String errorCode;
    private final String logDetail;
    private final boolean closesConnection;

    public Refusal(int status, String errorCode, String message, String logDetail) {
        this(status, errorCode, message, logDetail, false);
    }

    private Refusal(int status, String errorCode, String message, String logDetail, boolean closesConnection) {
        super(message, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
        this.logDetail = logDetail;
        this.closesConnection = closesConnection;
    }

    /**
     * A request whose body cannot be delimited for certain (docs/gateway.md#framing-and-size): answered, then its
     * connection is closed, as nothing after it on the connection can be trusted to start a request.
     */
    public static Refusal badFraming(String message) {
        return new Refusal(400, "invalid_framing", message, null, true);
    }

    /** The caller's own request body broke off or was malformed in transit; nobody may be listening any more. */
    public static Refusal brokenBody(Throwable cause) {
        return new Refusal(400, "malformed_body", "The request body could not be read", "the caller's body failed: " + cause, true);
    }

    /** The client closed its connection while the request waited (on Redis, on identity-service) before its body was read. */
    static Refusal clientLeft() {
        return brokenBody(new IllegalStateException("the connection closed while the request waited"));
    }

    public static Refusal uriTooLong(int limit) {
        return new Refusal(414, "uri_too_long", "The request target (path and query) is longer than " + limit + " characters", null);
    }

    public static Refusal headersTooLarge(int limit) {
        return new Refusal(431, "header_fields_too_large", "The request headers are larger than " + limit + " bytes", null);
    }

    public static Refusal unsupportedMediaType(String message) {
        return new Refusal(415, "unsupported_media_type", message, null);
    }

    public static Refusal notFound() {
        return new Refusal(404, "not_found", "No such endpoint", null);
    }

    public static Refusal unauthorized(String message, String logDetail) {
        return new Refusal(401, "unauthorized", message, logDetail);
    }

    public static Refusal unavailable(String service, Throwable cause) {
        return new Refusal(503, "service_unavailable", "The service is unavailable, try again shortly",
                service + " unreachable: " + cause);
    }

    public static Refusal timedOut(String service) {
        return new Refusal(504, "gateway_timeout", "The service did not answer in time", service + " timed out");
    }

    public static Refusal tooLarge(long limit) {
        return new Refusal(413, "payload_too_large", "The request body is larger than " + limit + " bytes", null);
    }

    public static Refusal rateLimited(String policy) {
        return new Refusal(429, "rate_limited", "Rate limit exceeded for " + policy + " requests; retry after the time in Retry-After", null);
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    public String logDetail() {
        return logDetail;
    }

    public boolean closesConnection() {
        return closesConnection;
    }
}
