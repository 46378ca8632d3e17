package dev.entrepot.platform.api;

/**
 * A record written through {@link EntityService}, fired as a synchronous CDI event inside the write's
 * transaction: an observer can add to the transaction (an outbox event, a cascade) or refuse the change
 * by throwing. {@code before} is null for a created record, {@code after} for a deleted one.
 */
public record RecordChange(EntityType type, String organization, StoredRecord before, StoredRecord after) {

    public boolean isCreate() {
        return before == null;
    }

    public boolean isDelete() {
        return after == null;
    }

    public String id() {
        return after != null ? after.id() : before.id();
    }
}
