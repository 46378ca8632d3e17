package dev.entrepot.deploy.widgets;

import dev.entrepot.platform.api.EntityType;
import dev.entrepot.platform.api.Field;

/** A throwaway entity, declared as a service would, that RegistrationTest adds to catalog-service's. */
public final class Widgets {

    public static final EntityType WIDGETS = EntityType.of("widgets", "widget", "widgets",
            Field.text("name").required().maxLength(200).searchable());

    /** Declared without a resource: the check must name the missing class too. */
    public static final EntityType GADGETS = EntityType.of("gadgets", "gadget", "gadgets",
            Field.text("name").required().maxLength(200));

    private Widgets() {
    }
}
