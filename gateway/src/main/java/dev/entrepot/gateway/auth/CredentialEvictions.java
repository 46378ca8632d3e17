package dev.entrepot.gateway.auth;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads identity-service's events and ends the cached resolutions they revoke. Every replica reads every
 * event (each has its own consumer group, see application.properties): each must clear its own memory.
 */
@ApplicationScoped
public class CredentialEvictions {

    private static final Logger LOG = Logger.getLogger(CredentialEvictions.class);

    private final Credentials credentials;
    private final ObjectMapper json;

    CredentialEvictions(Credentials credentials, ObjectMapper json) {
        this.credentials = credentials;
        this.json = json;
    }

    @Incoming("identity-events")
    public CompletionStage<Void> onEvent(String payload) {
        Optional<Revocation> revocation;
        try {
            revocation = Revocation.of(json.readTree(payload));
        } catch (IOException e) {
            LOG.warnf("skipped an identity event that is not JSON: %s", e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        if (revocation.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        LOG.debugf("revoking cached credentials: %s", revocation.get());
        return credentials.revoke(revocation.get())
                .onFailure(failure -> LOG.warnf("could not mark %s in Redis (%s); this replica forgot it, the others "
                        + "forget theirs from the same event", revocation.get(), failure.toString()))
                .otherwiseEmpty()
                .toCompletionStage();
    }
}
