package dev.entrepot.platform.contracts;

import java.util.Locale;

/**
 * The names of the record events of the generic API (platform-api {@code RecordEvents}): their payload
 * stays generic (the record as the API shows it), their names are formed here.
 * <ul>
 * <li>topic {@code <service>.<entity>}, e.g. {@code catalog.products}, {@code orders.customers};</li>
 * <li>type {@code entrepot.<service>.<singular>.<created|updated|deleted>.v1}.</li>
 * </ul>
 */
public final class RecordEventNames {

    /** What happened to the record. */
    public enum Change {
        CREATED, UPDATED, DELETED;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private RecordEventNames() {
    }

    /** The service part of every name: an application name without its {@code -service} suffix. */
    public static String service(String application) {
        return application.replaceFirst("-service$", "");
    }

    /** {@code <service>.<entity>}, e.g. {@code catalog.products}. */
    public static String topic(String service, String entity) {
        return service + "." + entity;
    }

    /** {@code entrepot.<service>.<singular>.<change>.v1}, e.g. {@code entrepot.orders.customer.created.v1}. */
    public static String type(String service, String singular, Change change) {
        return type(service, singular, change.word());
    }

    /**
     * {@code entrepot.<service>.<subject>.<happened>.v1}: the form of every event type, the saga's too
     * ({@code entrepot.orders.order.placed.v1}).
     */
    public static String type(String service, String subject, String happened) {
        return "entrepot." + service + "." + subject + "." + happened + ".v1";
    }
}
