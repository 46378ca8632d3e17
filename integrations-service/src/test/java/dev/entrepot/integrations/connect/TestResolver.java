package dev.entrepot.integrations.connect;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Singleton;

/**
 * The tests' resolver, in place of the platform's in every @QuarkusTest of this module: names under
 * {@code .test} answer what {@link #NAMES} says (no system resolver knows them, so a call that reaches one
 * went to the address the guard was given), each lookup counted; any other name goes to the platform's.
 * Every address here a test connects to is in 127.0.0.0/8.
 */
@Singleton
public class TestResolver implements UrlGuard.Resolver {

    static final Map<String, List<InetAddress>> NAMES = new ConcurrentHashMap<>(Map.of(
            "provider.test", List.of(address(127, 0, 0, 1)),
            "private.test", List.of(address(93, 184, 216, 34), address(10, 0, 0, 1)),
            "loopback.test", List.of(address(127, 0, 0, 2)),
            "metadata.test", List.of(address(169, 254, 169, 254))));
    static final Map<String, AtomicInteger> LOOKUPS = new ConcurrentHashMap<>();

    static int lookups(String name) {
        return LOOKUPS.getOrDefault(name, new AtomicInteger()).get();
    }

    @Override
    public List<InetAddress> resolve(String name) throws UnknownHostException {
        LOOKUPS.computeIfAbsent(name, key -> new AtomicInteger()).incrementAndGet();
        if (name.endsWith(".test")) {
            List<InetAddress> known = NAMES.get(name);
            if (known == null) {
                throw new UnknownHostException(name);
            }
            return known;
        }
        return UrlGuard.Resolver.SYSTEM.resolve(name);
    }

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] { (byte) a, (byte) b, (byte) c, (byte) d });
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
