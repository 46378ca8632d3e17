package dev.entrepot.platform.persistence;

/**
 * Fired (synchronously) by {@link SchemaMigrations} once the platform's and the service's migrations
 * are applied, while it still holds the schema lock: an observer may finish the schema from what the
 * service declares (see RecordCounting in platform-api). An observer that throws stops the start.
 */
public record SchemaMigrated() {
}
