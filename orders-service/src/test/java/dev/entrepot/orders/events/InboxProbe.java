package dev.entrepot.orders.events;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.entrepot.platform.events.Inbox;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A consumer of the test topic {@code test.inbox-probe}, present only under {@link InboxTest}'s profile.
 * Its effect fails as many times as the event's {@code data.fail_times} asks, and counts what it applied.
 */
@ApplicationScoped
@IfBuildProperty(name = "entrepot.test.inbox-probe", stringValue = "true")
public class InboxProbe {

    static final String TOPIC = "test.inbox-probe";

    private final Map<UUID, AtomicInteger> tries = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicInteger> applied = new ConcurrentHashMap<>();
    private final Inbox inbox;

    InboxProbe(Inbox inbox) {
        this.inbox = inbox;
    }

    @Incoming("inbox-probe")
    @Blocking
    public void receive(String payload) {
        inbox.receive("inbox-probe", payload, event -> {
            int attempt = tries.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
            if (attempt <= event.data().path("fail_times").asInt(0)) {
                throw new IllegalStateException("probe failure " + attempt);
            }
            applied.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
        });
    }

    /** How many times the effect ran for the event, failing or not. */
    int tries(UUID event) {
        return count(tries, event);
    }

    /** How many times the effect ran to its end for the event. */
    int applied(UUID event) {
        return count(applied, event);
    }

    private static int count(Map<UUID, AtomicInteger> counts, UUID event) {
        AtomicInteger count = counts.get(event);
        return count == null ? 0 : count.get();
    }
}
