package dev.entrepot.integrations.data;

import java.util.List;

import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.Caller;
import dev.entrepot.platform.api.Elevation;
import dev.entrepot.platform.api.FieldError;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who may write which namespace (DESIGN.md section 4): an API key only its own integration's, and only if
 * that integration may write data and is enabled; a person any namespace, acting at elevation
 * {@code admin} (or {@code unrestricted}). Everything else is a 403 naming the namespace.
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
                        + "needs elevation=admin (you act at " + elevation.name().toLowerCase(java.util.Locale.ROOT) + ")");
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
        Registry.Entry entry = registry.find(organization, own).orElse(null);
        if (entry != null && (entry.deleted() || !entry.enabled())) {
            throw forbidden("integration_disabled", own, "Integration " + own + " is "
                    + (entry.deleted() ? "deleted" : "disabled"));
        }
        if (!caller.allowWriteData() || entry != null && !entry.allowWriteData()) {
            throw forbidden("write_data_not_allowed", own, "Integration " + own + " is not allowed to write data "
                    + "(allow_write_data is off)");
        }
    }

    private static ApiException forbidden(String code, String integration, String message) {
        return new ApiException(403, code, message, List.of(FieldError.of(DataPatch.FIELD + "." + integration, message)));
    }
}
