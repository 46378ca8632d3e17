package dev.entrepot.gateway.ratelimit;

import io.vertx.core.http.HttpMethod;

/**
 * The three per-organization quotas of docs/architecture.md#limits; the name is the policy name in the
 * {@code RateLimit-Policy} and {@code RateLimit} headers.
 */
public enum Quota {
    READ("read"), WRITE("write"), BULK("bulk");

    public final String policy;

    Quota(String policy) {
        this.policy = policy;
    }

    public static Quota parse(String policy) {
        for (Quota quota : values()) {
            if (quota.policy.equals(policy)) {
                return quota;
            }
        }
        throw new IllegalArgumentException("unknown quota " + policy + " (read, write or bulk)");
    }

    /**
     * The quota a request draws on. {@code POST .../query} and any body that is a {@code {"data":[...]}}
     * batch are bulk; other writes are writes; everything else is a read.
     */
    public static Quota of(HttpMethod method, String path, boolean batchBody) {
        if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
            return READ;
        }
        if (batchBody || (method == HttpMethod.POST && isQuery(path))) {
            return BULK;
        }
        return WRITE;
    }

    private static boolean isQuery(String path) {
        int dot = path.lastIndexOf('.');
        int slash = path.lastIndexOf('/');
        String last = path.substring(slash + 1, dot > slash ? dot : path.length());
        return last.equals("query");
    }
}
