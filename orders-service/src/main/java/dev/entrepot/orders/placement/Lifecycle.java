package dev.entrepot.orders.placement;

import java.util.Set;

/**
 * The order lifecycle (docs/architecture.md#events): {@code pending} → {@code confirmed} (stock reserved) or
 * {@code rejected} → {@code fulfilled} → {@code delivered}; {@code cancelled} from pending or confirmed.
 * Each step is an event type on {@code orders.orders}: {@code entrepot.orders.order.<status>.v1}.
 */
public enum Lifecycle {

    CONFIRM("confirmed", Set.of("pending")),
    REJECT("rejected", Set.of("pending")),
    CANCEL("cancelled", Set.of("pending", "confirmed")),
    FULFIL("fulfilled", Set.of("confirmed")),
    DELIVER("delivered", Set.of("fulfilled"));

    public static final String PLACED = "pending";

    private final String target;
    private final Set<String> from;

    Lifecycle(String target, Set<String> from) {
        this.target = target;
        this.from = from;
    }

    /** The status an order in {@code status} takes; {@link IllegalTransition} if this step is not allowed from it. */
    public String from(String status) {
        if (!from.contains(status)) {
            throw new IllegalTransition(status, target, String.join(" or ", from.stream().sorted().toList()));
        }
        return target;
    }

    /** The statuses this step is allowed from. */
    public Set<String> allowedFrom() {
        return from;
    }

    /** The status the step leads to, which is also the {@code <happened>} of its event. */
    public String target() {
        return target;
    }

    /** A step not allowed from the order's status; names both states, and those it is allowed from. */
    public static final class IllegalTransition extends RuntimeException {
        private final String current;
        private final String target;

        IllegalTransition(String current, String target, String allowed) {
            super("is " + current + " and cannot be " + target + "; only an order that is " + allowed + " can");
            this.current = current;
            this.target = target;
        }

        public String current() {
            return current;
        }

        public String target() {
            return target;
        }
    }
}
