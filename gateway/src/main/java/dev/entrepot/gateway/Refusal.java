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

    public Refusal(int status, String errorCode, String message, String logDetail) {
        super(message, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
        this.logDetail = logDetail;
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
}
