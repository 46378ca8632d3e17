package dev.entrepot.identity;

import java.util.regex.Pattern;

import dev.entrepot.identity.accounts.Accounts;
import dev.entrepot.platform.api.Elevation;
import dev.entrepot.platform.api.EntityRegistry;
import dev.entrepot.platform.api.EntityType;
import dev.entrepot.platform.api.Field;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * identity-service's entities served by the generic API (platform-api). Users are listed and read through
 * it; they are written by {@link Accounts}, which owns their passwords.
 */
public final class Identity {

    /** An integration's name names its data namespace. */
    public static final Pattern INTEGRATION_NAME = Pattern.compile("[a-z0-9_-]{1,40}");

    public static final EntityType INTEGRATIONS = EntityType.of("integrations", "integration", "integrations",
            Field.text("name").required().maxLength(40).unique().searchable()
                    .matching(INTEGRATION_NAME.pattern(), "must be 1 to 40 of a-z, 0-9, '_' and '-'"),
            Field.text("description").maxLength(1000).searchable(),
            Field.bool("enabled").defaultsTo(true),
            // On unless unchecked, as Pakk's clients expect ("uncheck Allow Write Data" to stop one writing).
            Field.bool("allow_write_data").defaultsTo(true));

    public static final EntityType DEPARTMENTS = EntityType.of("departments", "department", "departments",
            Field.text("name").required().maxLength(200).unique().searchable(),
            Field.text("description").maxLength(1000).searchable());

    public static final EntityType USERS = EntityType.of("users", "user", "users",
            Field.text("email").required().maxLength(Accounts.MAX_EMAIL_LENGTH).searchable(),
            Field.text("name").maxLength(200).searchable(),
            Field.text("first_name").maxLength(100),
            Field.text("middle_name").maxLength(100),
            Field.text("last_name").maxLength(100),
            Field.text("phone").maxLength(32),
            Field.text("role").required().oneOf(Elevation.OWNER, Elevation.ADMIN_ROLE, Elevation.MEMBER),
            Field.bool("is_enabled").defaultsTo(true));

    private Identity() {
    }

    @ApplicationScoped
    static class Registry {
        @Produces
        @Singleton
        EntityRegistry entities() {
            return EntityRegistry.declaredIn(Identity.class);
        }
    }
}
