package dev.entrepot.platform.api;

import dev.entrepot.platform.api.config.ApiConfig;
import dev.entrepot.platform.contracts.RecordEventNames;
import dev.entrepot.platform.contracts.RecordEventNames.Change;
import dev.entrepot.platform.events.Outbox;
import dev.entrepot.platform.events.config.EventsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Every record written through the generic API becomes a CloudEvent in the service's outbox, inside the
 * write's own transaction (docs/architecture.md#events), so the event exists exactly when the change does.
 * <ul>
 * <li>topic {@code <service>.<entity>}, e.g. {@code catalog.products}, {@code orders.customers};</li>
 * <li>type {@code entrepot.<service>.<singular>.<created|updated|deleted>.v1};</li>
 * <li>Kafka key and {@code subject}: the record's id, so one record's events stay in order;</li>
 * <li>{@code data}: the record as the API shows it; for a deletion, as it was.</li>
 * </ul>
 * Those names are formed in one place, platform-contracts {@link RecordEventNames}.
 * A service that words its events itself (identity-service: "disabled", "revoked") turns this off with
 * {@code entrepot.record-events.enabled=false}.
 */
@ApplicationScoped
public class RecordEvents {

    private final Outbox outbox;
    private final String service;
    private final boolean enabled;

    RecordEvents(Outbox outbox, EventsConfig events, ApiConfig config) {
        this.outbox = outbox;
        this.service = RecordEventNames.service(events.application());
        this.enabled = config.recordEvents().enabled();
    }

    void publish(@Observes RecordChange change) {
        if (!enabled) {
            return;
        }
        Change happened = change.isCreate() ? Change.CREATED : change.isDelete() ? Change.DELETED : Change.UPDATED;
        StoredRecord record = change.isDelete() ? change.before() : change.after();
        EntityType entity = change.type();
        outbox.add(RecordEventNames.topic(service, entity.name()), RecordEventNames.type(service, entity.singular(), happened),
                change.id(), change.organization(), record.json());
    }
}
