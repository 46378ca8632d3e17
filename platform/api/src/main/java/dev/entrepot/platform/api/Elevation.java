package dev.entrepot.platform.api;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The levels a caller may ask to act at (docs/architecture.md#identity-and-access), least elevated first. A level is granted
 * only when the caller holds it; the department levels also need the department the caller acts for.
 */
public enum Elevation {
    PUBLIC, USER, CLIENT, CLIENT_DEPARTMENT, PROVIDER_DEPARTMENT, READER_DEPARTMENT, OWNER_DEPARTMENT, ADMIN,
    UNRESTRICTED;

    /** Organization roles, most powerful first. */
    public static final String OWNER = "owner";
    public static final String ADMIN_ROLE = "admin";
    public static final String MEMBER = "member";
    public static final Set<String> ORGANIZATION_ROLES = Set.of(OWNER, ADMIN_ROLE, MEMBER);

    /** A department membership's role names the department level it grants (and the ones below it). */
    public static final Set<String> DEPARTMENT_ROLES = Set.of("client", "provider", "reader", "owner");

    /** Accepts {@code client_department}, {@code ClientDepartment} and the older {@code unauthenticated}. */
    public static Elevation parse(String value) {
        String compact = value.trim().replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
        if (compact.equals("unauthenticated")) {
            return PUBLIC;
        }
        for (Elevation level : values()) {
            if (level.name().replace("_", "").toLowerCase(Locale.ROOT).equals(compact)) {
                return level;
            }
        }
        throw ApiException.badParameter("elevation", "Unknown elevation '" + value + "'; one of public, user, client, "
                + "client_department, provider_department, reader_department, owner_department, admin, unrestricted");
    }

    public boolean needsDepartment() {
        return this == CLIENT_DEPARTMENT || this == PROVIDER_DEPARTMENT || this == READER_DEPARTMENT
                || this == OWNER_DEPARTMENT;
    }

    /**
     * Whether a caller with these organization roles and department memberships (department id → role)
     * holds this level, acting for {@code department} (null when none was named).
     */
    public boolean isHeldBy(Set<String> roles, Map<String, String> departments, String department) {
        boolean admin = roles.contains(OWNER) || roles.contains(ADMIN_ROLE);
        switch (this) {
            case PUBLIC:
            case USER:
            case CLIENT:
                return true;
            case ADMIN:
                return admin;
            case UNRESTRICTED:
                return roles.contains(OWNER);
            default:
                if (department == null) {
                    return false;
                }
                String membership = departments.get(department);
                return admin || (membership != null && departmentLevel(membership).compareTo(this) >= 0);
        }
    }

    private static Elevation departmentLevel(String membershipRole) {
        return valueOf(membershipRole.toUpperCase(Locale.ROOT) + "_DEPARTMENT");
    }
}
