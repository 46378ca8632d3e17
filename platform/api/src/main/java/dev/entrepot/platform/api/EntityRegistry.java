package dev.entrepot.platform.api;

import java.util.List;

/**
 * The entities one service owns. A service produces one as a CDI bean; the platform uses it to find
 * which records refer to a record about to be deleted.
 */
public record EntityRegistry(List<EntityType> types) {

    public static EntityRegistry of(EntityType... types) {
        return new EntityRegistry(List.of(types));
    }
}
