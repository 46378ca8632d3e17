package dev.entrepot.gateway.ratelimit;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/** The limit of each quota, per organization: the defaults, and the overrides configured for some organizations. */
public final class Limits {

    private final Map<Quota, Integer> defaults = new EnumMap<>(Quota.class);
    private final Map<String, Map<Quota, Integer>> overrides = new HashMap<>();

    public Limits(int reads, int writes, int bulk, String overrides) {
        defaults.put(Quota.READ, positive(reads, "reads"));
        defaults.put(Quota.WRITE, positive(writes, "writes"));
        defaults.put(Quota.BULK, positive(bulk, "bulk"));
        if (overrides != null) {
            parse(overrides);
        }
    }

    public int of(String organization, Quota quota) {
        Map<Quota, Integer> own = overrides.get(organization);
        Integer limit = own == null ? null : own.get(quota);
        return limit != null ? limit : defaults.get(quota);
    }

    /** {@code org:quota=limit,org:quota=limit}; anything else stops the gateway from starting, naming the entry. */
    private void parse(String text) {
        for (String entry : text.split(",")) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            int equals = trimmed.indexOf('=');
            if (colon <= 0 || equals < colon + 2 || equals == trimmed.length() - 1) {
                throw new IllegalArgumentException("rate limit override '" + trimmed + "' is not <organization>:<read|write|bulk>=<limit>");
            }
            String organization = trimmed.substring(0, colon);
            Quota quota = Quota.parse(trimmed.substring(colon + 1, equals));
            int limit;
            try {
                limit = Integer.parseInt(trimmed.substring(equals + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("rate limit override '" + trimmed + "' has no whole number after '='");
            }
            overrides.computeIfAbsent(organization, o -> new EnumMap<>(Quota.class)).put(quota, positive(limit, trimmed));
        }
    }

    private static int positive(int limit, String what) {
        if (limit < 1) {
            throw new IllegalArgumentException("rate limit " + what + " must be at least 1");
        }
        return limit;
    }
}
