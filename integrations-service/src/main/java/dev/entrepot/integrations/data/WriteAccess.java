package dev.entrepot.integrations.data;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.Caller;
import dev.entrepot.platform.api.Elevation;
import dev.entrepot.platform.api.FieldError;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who may write which namespace (docs/architecture.md#integration-data): an API key only its own integration's, and only if
 * that integration may write data and is enabled; a person any namespace, acting at elevation
 * {@code admin} (or {@code unrestricted}). Everything else is a 403 naming the namespace. Whether the
 * integration is enabled and may write comes from the caller's token or from the registry, whichever
 * is newer.
 */
@ApplicationScoped
public class WriteAccess {

    private final Registry registry;

    WriteAccess(Registry registry) {
        this.registry = registry;
    }

    public void authorize(Caller caller, String organization, DataPatch patch) {
        if (caller.isUser()) {
            Elevation elevation = caller.elevation();
            if (elevation != Elevation.ADMIN && elevation != Elevation.UNRESTRICTED) {
                throw forbidden("elevation_required", patch.integrations().get(0), "Writing integration data as a person "
                        + "needs elevation=admin (you act at " + elevation.name().toLowerCase(Locale.ROOT) + ")");
            }
            return;
        }
        String own = caller.integration();
        for (String integration : patch.integrations()) {
            if (!integration.equals(own)) {
                throw forbidden("forbidden_namespace", integration, "Integration " + own + " may write only its own data, "
                        + "not integration " + integration + "'s");
            }
        }
        // The token's claims and the registry are each true as of a moment; the later one decides. The
        // token says only the second it was issued in, so the registry decides only from the next second on.
        Instant tokenIssuedBy = caller.issuedAt().plusSeconds(1);
        Registry.Entry entry = registry.find(organization, own)
                .filter(announced -> !announced.changed().toInstant().isBefore(tokenIssuedBy)).orElse(null);
        if (entry != null && (entry.deleted() || !entry.enabled())) {
            throw forbidden("integration_disabled", own, "Integration " + own + " is "
                    + (entry.deleted() ? "deleted" : "disabled"));
        }
        if (entry != null ? !entry.allowWriteData() : !caller.allowWriteData()) {
            throw forbidden("write_data_not_allowed", own, "Integration " + own + " is not allowed to write data "
                    + "(allow_write_data is off)");
        }
    }

    private static ApiException forbidden(String code, String integration, String message) {
        return new ApiException(403, code, message, List.of(FieldError.of(DataPatch.FIELD + "." + integration, message)));
    }
}
