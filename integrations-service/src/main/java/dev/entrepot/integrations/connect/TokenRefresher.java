package dev.entrepot.integrations.connect;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.jboss.logging.Logger;

import dev.entrepot.integrations.config.IntegrationsConfig;
import dev.entrepot.platform.api.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps a connection's access token fresh (docs/architecture.md#connectors-and-connections). A token that expires within
 * {@code entrepot.connections.refresh-before} is refreshed once, however many requests need it at the
 * same moment: the first takes a lock in Redis ({@code SET NX PX}, shared by every replica) with a
 * fencing token ({@code INCR}), refreshes, and stores the new tokens only if its fence is newer than the
 * stored one (a holder that stalled past its lease loses); the others wait for the lock to go and read
 * what it stored. A refresh the provider refuses marks the connection {@code invalid} with the reason and
 * publishes an event; a provider that does not answer is a 503 and the connection stays valid.
 */
@ApplicationScoped
public class TokenRefresher {

    private static final Logger LOG = Logger.getLogger(TokenRefresher.class);
    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    private final ConnectionStore store;
    private final Connectors connectors;
    private final OAuthClient oauth;
    private final ConnectionEvents events;
    private final RedisDataSource redis;
    private final Duration refreshBefore;
    private final Duration lease;

    TokenRefresher(ConnectionStore store, Connectors connectors, OAuthClient oauth, ConnectionEvents events, RedisDataSource redis,
            IntegrationsConfig config) {
        this.store = store;
        this.connectors = connectors;
        this.oauth = oauth;
        this.events = events;
        this.redis = redis;
        this.refreshBefore = config.connections().refreshBefore();
        this.lease = config.connections().refreshLease();
    }

    /** The connection with a token good for a while yet, refreshed first if needed (or always, when {@code force}). */
    public ConnectionStore.Connection fresh(String organization, ConnectionStore.Connection connection, boolean force) {
        if (!connection.isValid()) {
            throw invalid(connection);
        }
        if (!force && !expiresSoon(connection)) {
            return connection;
        }
        if (connection.refreshToken() == null) {
            if (force) {
                throw new ApiException(409, "no_refresh_token", "Connection " + connection.id() + " has no refresh token to refresh with");
            }
            return connection; // the third party will say whether the token still works
        }
        String lock = "entrepot:connection-refresh:" + connection.id();
        long deadline = System.nanoTime() + lease.multipliedBy(2).toNanos();
        while (System.nanoTime() < deadline) {
            String holder = UUID.randomUUID().toString();
            Response taken = redis.execute("SET", lock, holder, "NX", "PX", Long.toString(lease.toMillis()));
            if (taken != null) {
                try {
                    // Taken after the lock: a later holder always has a larger fence than an earlier one.
                    long fence = redis.execute("INCR", "entrepot:connection-fence:" + connection.id()).toLong();
                    return refreshHolding(organization, connection, fence, force);
                } finally {
                    redis.execute("EVAL", RELEASE, "1", lock, holder);
                }
            }
            sleep();
            ConnectionStore.Connection now = current(organization, connection);
            if (!now.isValid()) {
                throw invalid(now);
            }
            if (now.fence() > connection.fence()) {
                return now; // another request refreshed it meanwhile
            }
        }
        throw new ApiException(503, "refresh_in_progress", "The connection's token is being refreshed; try again");
    }

    private ConnectionStore.Connection refreshHolding(String organization, ConnectionStore.Connection seen, long fence, boolean force) {
        ConnectionStore.Connection connection = current(organization, seen);
        if (!connection.isValid()) {
            throw invalid(connection);
        }
        if (connection.fence() > seen.fence() && (force || !expiresSoon(connection))) {
            return connection; // refreshed between our look and our lock
        }
        if (fence <= connection.fence()) { // Redis lost its counter: continue above the stored fence
            fence = connection.fence() + 1;
            redis.execute("SET", "entrepot:connection-fence:" + connection.id(), Long.toString(fence));
        }
        Connector connector = connectors.require(organization, connection.connectorId());
        ConnectionStore.Configuration configuration = store.configuration(organization, connection.connectorId(),
                connection.configurationId()).orElseThrow();
        OAuthClient.Tokens tokens;
        try {
            tokens = oauth.refresh(connector, configuration, connection.refreshToken());
        } catch (OAuthClient.Refused refused) {
            QuarkusTransaction.requiringNew().run(() -> {
                store.markInvalid(connection.id(), refused.getMessage());
                events.publish(organization, "invalidated", current(organization, connection));
            });
            LOG.warnf("Connection %s is invalid: %s", connection.id(), refused.getMessage());
            throw invalid(current(organization, connection));
        }
        long storedFence = fence;
        QuarkusTransaction.requiringNew().run(() -> {
            if (store.storeRefreshed(connection.id(), storedFence, tokens.accessToken(), tokens.refreshToken(), tokens.expiresAt())) {
                events.publish(organization, "refreshed", current(organization, connection));
            }
        });
        return current(organization, connection);
    }

    private boolean expiresSoon(ConnectionStore.Connection connection) {
        return connection.expiresAt() != null
                && connection.expiresAt().isBefore(OffsetDateTime.now(Clock.systemUTC()).plus(refreshBefore));
    }

    private ConnectionStore.Connection current(String organization, ConnectionStore.Connection connection) {
        return store.connection(organization, connection.id()).orElseThrow(() -> ApiException.notFound("No connection " + connection.id()));
    }

    private static ApiException invalid(ConnectionStore.Connection connection) {
        return new ApiException(409, "connection_invalid", "Connection " + connection.id() + " is invalid: "
                + connection.invalidReason() + ". Connect the account again.");
    }

    private static void sleep() {
        try {
            Thread.sleep(25);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted", "Interrupted while the token was being refreshed");
        }
    }
}
