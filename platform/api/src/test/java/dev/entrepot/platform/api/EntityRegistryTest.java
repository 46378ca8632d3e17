package dev.entrepot.platform.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EntityRegistryTest {

    static final class Shop {
        public static final EntityType SHELVES = EntityType.of("shelves", "shelf", "shelves", Field.text("name"));
        public static final EntityType BINS = EntityType.of("bins", "bin", "bins",
                Field.reference("shelf_id", () -> Shop.SHELVES, "shelf"));
        static final EntityType HIDDEN = EntityType.of("hidden", "hidden", "hidden");
        public static EntityType mutable = EntityType.of("mutable", "mutable", "mutable");
        public static final String NOT_AN_ENTITY = "bins";

        private Shop() {
        }
    }

    @Test
    void registersEveryPublicConstantInDeclarationOrder() {
        assertThat(EntityRegistry.declaredIn(Shop.class).types()).containsExactly(Shop.SHELVES, Shop.BINS);
    }

    @Test
    void aClassWithoutEntitiesIsAMistake() {
        assertThatThrownBy(() -> EntityRegistry.declaredIn(String.class))
                .hasMessage("java.lang.String declares no public static final EntityType");
    }
}
