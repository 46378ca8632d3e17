package dev.entrepot.platform.persistence;

/**
 * Tables a platform module needs in every service's database it runs in (the event outbox, the record
 * counts, ...). The module ships its Flyway migrations under {@code db/<module>} and produces one of
 * these as a CDI bean; {@link SchemaMigrations} applies them, with a history table of their own, before
 * the service's migrations. Lower ranks are migrated first.
 */
public record PlatformSchema(String module, int rank) {

    public PlatformSchema {
        if (!module.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("A platform module's name is lowercase words joined by '-': " + module);
        }
    }

    /** Where its migrations are on the class path. */
    public String location() {
        return "classpath:db/" + module;
    }

    /** Its Flyway history table, e.g. {@code flyway_platform_events_history}. */
    public String historyTable() {
        return "flyway_" + module.replace('-', '_') + "_history";
    }
}
