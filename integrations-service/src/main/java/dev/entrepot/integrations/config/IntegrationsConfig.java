package dev.entrepot.integrations.config;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What integrations-service can be told, under {@code entrepot.*}. Where application.properties reads an
 * environment variable, its name is in the method's doc, and its fallback is the default here.
 */
@ConfigMapping(prefix = "entrepot")
public interface IntegrationsConfig {

    /** {@code entrepot.secrets.*}. */
    Secrets secrets();

    /** {@code entrepot.connectors.*}. */
    Connectors connectors();

    /** {@code entrepot.connections.*}. */
    Connections connections();

    /** {@code entrepot.proxy.*}. */
    Proxy proxy();

    /** {@code entrepot.oauth.*}. */
    OAuth oauth();

    /** {@code entrepot.integrations-data.*}. */
    IntegrationsData integrationsData();

    interface Secrets {

        /**
         * {@code entrepot.secrets.master-keys} ({@code SECRETS_MASTER_KEYS}): the keys that seal client secrets
         * and tokens, {@code <version>=<32 bytes base64>,…}, the highest version current. No default:
         * required ({@code ./entrepot up} makes one; tests have fixed ones).
         */
        String masterKeys();
    }

    interface Connectors {

        /**
         * {@code entrepot.connectors.allowed-private-hosts} ({@code CONNECTORS_ALLOWED_PRIVATE_HOSTS}): private
         * hosts a connector may point at anyway (a test's local provider, an on-premise ERP), comma-separated:
         * names, matched against a URL's host (case aside; what they resolve to is not checked, but the call
         * still goes to the address resolved), and addresses, in any standard notation ({@code ::1} and
         * {@code 0:0::1} are one), allowed whether a URL writes them or a name resolves to them. Plain http
         * is allowed only to a host a URL names as listed here.
         * An entry the guard cannot read (a trailing dot, {@code 0x7f000001}) stops the service at start.
         * Default none.
         */
        Optional<Set<String>> allowedPrivateHosts();
    }

    interface Connections {

        /** {@code entrepot.connections.refresh-before}: an access token this close to expiring is refreshed before use. Default 5 minutes. */
        @WithDefault("PT5M")
        Duration refreshBefore();

        /**
         * {@code entrepot.connections.refresh-lease}: how long one replica holds a connection's refresh lock; a
         * holder that stalls past it loses to the next. Default 30 seconds.
         */
        @WithDefault("PT30S")
        Duration refreshLease();
    }

    interface Proxy {

        /**
         * {@code entrepot.proxy.retry-after-cap} ({@code PROXY_RETRY_AFTER_CAP}): a third party's Retry-After up
         * to this is waited out (once); beyond it the caller gets the 429. Default 10 seconds.
         */
        @WithDefault("PT10S")
        Duration retryAfterCap();
    }

    interface OAuth {

        /**
         * {@code entrepot.oauth.callback-url} ({@code OAUTH_CALLBACK_URL}): where providers send the merchant back
         * after authorizing, the gateway's public address. Default
         * {@code http://127.0.0.1:8080/api/v1/oauth/callback}.
         */
        @WithDefault("http://127.0.0.1:8080/api/v1/oauth/callback")
        String callbackUrl();
    }

    interface IntegrationsData {

        /**
         * {@code entrepot.integrations-data.entities}: the entities whose records may carry integration data,
         * comma-separated. Default {@code products,brands,categories,locations,customers,orders,order_lines,users,departments,integrations}.
         */
        @WithDefault("products,brands,categories,locations,customers,orders,order_lines,users,departments,integrations")
        Set<String> entities();
    }
}
