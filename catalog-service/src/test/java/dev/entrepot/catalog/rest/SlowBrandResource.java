package dev.entrepot.catalog.rest;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.entrepot.catalog.Catalog;
import dev.entrepot.platform.api.EntityResource;
import dev.entrepot.platform.api.EntityType;
import jakarta.ws.rs.Path;

/**
 * Test-only: brands created through the generic API, where the create {@link #holdNext() held} waits,
 * after it took its Idempotency-Key, until the test lets it go on.
 */
@Path("/test/slow-brands")
public class SlowBrandResource extends EntityResource {

    private static volatile CountDownLatch entered = new CountDownLatch(0);
    private static volatile CountDownLatch proceed = new CountDownLatch(0);

    /** The next create waits in its write until {@link #release()}; answers a latch that opens when it is waiting. */
    static CountDownLatch holdNext() {
        proceed = new CountDownLatch(1);
        entered = new CountDownLatch(1);
        return entered;
    }

    static void release() {
        proceed.countDown();
    }

    @Override
    protected EntityType type() {
        return Catalog.BRANDS;
    }

    @Override
    protected Creation creation() {
        return (organization, body) -> () -> {
            CountDownLatch held;
            synchronized (SlowBrandResource.class) {
                held = entered.getCount() > 0 ? proceed : null;
                entered.countDown();
            }
            if (held != null) {
                try {
                    held.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return one(201, "Created", service.create(type(), organization, body.single()));
        };
    }
}
