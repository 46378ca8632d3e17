package dev.entrepot.platform.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Where a test's PostgreSQL, Redis and Kafka come from, service by service: the local one when it answers
 * at its address; else a container, when Docker is available; else the test cannot run, and the message
 * says what is missing. Docker is asked about only when a local service is silent.
 */
public final class InfrastructureChoice {

    public enum Service {
        POSTGRESQL("PostgreSQL"), REDIS("Redis"), KAFKA("Kafka");

        private final String label;

        Service(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public enum Source {
        LOCAL, CONTAINER
    }

    private InfrastructureChoice() {
    }

    /**
     * Chooses a source for every service of {@code local} (its local {@code host:port}).
     *
     * @throws IllegalStateException when a local service does not answer and Docker is not available
     */
    public static Map<Service, Source> choose(Map<Service, String> local, Predicate<Service> answers,
            BooleanSupplier dockerAvailable) {
        Map<Service, Source> chosen = new EnumMap<>(Service.class);
        List<Service> silent = new ArrayList<>();
        for (Service service : Service.values()) {
            if (!local.containsKey(service)) {
                continue;
            }
            if (answers.test(service)) {
                chosen.put(service, Source.LOCAL);
            } else {
                silent.add(service);
            }
        }
        if (!silent.isEmpty()) {
            if (!dockerAvailable.getAsBoolean()) {
                throw new IllegalStateException(missing(silent, local));
            }
            silent.forEach(service -> chosen.put(service, Source.CONTAINER));
        }
        return chosen;
    }

    static String missing(List<Service> silent, Map<Service, String> local) {
        String which = silent.stream().map(service -> service.label() + " at " + local.get(service))
                .collect(Collectors.joining(", "));
        return "Nothing answers for " + which + ", and Docker is not available to run "
                + (silent.size() == 1 ? "it" : "them") + " in a container: start the local services (./entrepot up),"
                + " point DB_HOST/DB_PORT, REDIS_URL or KAFKA_BOOTSTRAP_SERVERS at running ones, or start Docker";
    }

    /** {@code host:port} of a Redis URL such as {@code redis://127.0.0.1:6379} or {@code redis://:secret@host:6380/0}. */
    static String redisAddress(String redisUrl) {
        URI uri = URI.create(redisUrl);
        return uri.getHost() + ":" + (uri.getPort() == -1 ? 6379 : uri.getPort());
    }

    /** The first broker of a bootstrap list such as {@code 127.0.0.1:9092,127.0.0.1:9093}. */
    static String firstBroker(String bootstrapServers) {
        return bootstrapServers.split(",")[0].trim();
    }

    /** Whether something accepts a TCP connection at {@code host:port} within half a second. */
    static boolean answers(String address) {
        int colon = address.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))), 500);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
