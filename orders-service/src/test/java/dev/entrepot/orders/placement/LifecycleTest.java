package dev.entrepot.orders.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The order lifecycle as a table: every step from every status, allowed or not. */
class LifecycleTest {

    private static final String[] STATUSES = { "pending", "confirmed", "rejected", "fulfilled", "delivered", "cancelled" };

    @Test
    void eachStepIsAllowedFromExactlyItsStates() {
        assertAllowedOnlyFrom(Lifecycle.CONFIRM, "pending");
        assertAllowedOnlyFrom(Lifecycle.REJECT, "pending");
        assertAllowedOnlyFrom(Lifecycle.CANCEL, "pending", "confirmed");
        assertAllowedOnlyFrom(Lifecycle.FULFIL, "confirmed");
        assertAllowedOnlyFrom(Lifecycle.DELIVER, "fulfilled");
    }

    @Test
    void aRefusedStepNamesBothStatesAndTheOnesItNeeds() {
        assertThatThrownBy(() -> Lifecycle.CANCEL.from("delivered"))
                .isInstanceOf(Lifecycle.IllegalTransition.class)
                .hasMessage("is delivered and cannot be cancelled; only an order that is confirmed or pending can");
        assertThat(Lifecycle.FULFIL.from("confirmed")).isEqualTo("fulfilled");
    }

    private static void assertAllowedOnlyFrom(Lifecycle step, String... allowed) {
        for (String status : STATUSES) {
            boolean expected = java.util.List.of(allowed).contains(status);
            assertThat(step.allowedFrom().contains(status)).as(step + " from " + status).isEqualTo(expected);
            if (expected) {
                assertThat(step.from(status)).isEqualTo(step.target());
            } else {
                assertThatThrownBy(() -> step.from(status)).isInstanceOf(Lifecycle.IllegalTransition.class);
            }
        }
    }
}
