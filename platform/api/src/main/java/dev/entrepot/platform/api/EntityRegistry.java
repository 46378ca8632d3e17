package dev.entrepot.platform.api;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * The entities one service owns. A service produces one as a CDI bean; the platform uses it to find
 * which records refer to a record about to be deleted.
 */
public record EntityRegistry(List<EntityType> types) {

    public static EntityRegistry of(EntityType... types) {
        return new EntityRegistry(List.of(types));
    }

    /**
     * Every {@code public static final EntityType} constant of the class that declares a service's entities,
     * in declaration order, so a new constant is registered by being declared (docs/adding-an-entity.md).
     */
    public static EntityRegistry declaredIn(Class<?> declaring) {
        List<EntityType> types = new ArrayList<>();
        for (java.lang.reflect.Field field : declaring.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (field.getType() == EntityType.class && Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers)
                    && Modifier.isFinal(modifiers)) {
                try {
                    types.add((EntityType) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(declaring.getName() + "." + field.getName() + " is not readable", e);
                }
            }
        }
        if (types.isEmpty()) {
            throw new IllegalArgumentException(declaring.getName() + " declares no public static final EntityType");
        }
        return new EntityRegistry(List.copyOf(types));
    }
}
