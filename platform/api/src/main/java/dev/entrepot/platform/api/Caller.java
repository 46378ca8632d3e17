package dev.entrepot.platform.api;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;

/**
 * Who is calling, from the internal token the gateway forwards (signed by identity-service, verified
 * by SmallRye JWT): organization, subject, integration, allow_write_data, roles and departments. Every
 * query is scoped to {@link #organization()}, which also grants or refuses the elevation the request
 * asks for ({@code elevation=} or {@code mode=}, department from {@code Authorization-Department} or
 * {@code for_department_id}).
 */
@RequestScoped
public class Caller {

    public static final String ORGANIZATION_CLAIM = "org";
    /** What the outside credential was: user (password), session, access_token or api_key. */
    public static final String KIND_CLAIM = "kind";
    public static final String INTEGRATION_CLAIM = "integration";
    public static final String ALLOW_WRITE_DATA_CLAIM = "allow_write_data";
    public static final String ROLES_CLAIM = "roles";
    /** Department memberships as {@code "<department id>:<role>"}. */
    public static final String DEPARTMENTS_CLAIM = "departments";
    public static final String DEPARTMENT_HEADER = "Authorization-Department";
    /** The organization's locale (a language such as {@code da}); absent in tokens issued before it was. */
    public static final String LOCALE_CLAIM = "locale";

    private final JsonWebToken token;
    private final HttpServerRequest request;
    private Elevation elevation;
    private String organization;

    Caller(JsonWebToken token, HttpServerRequest request) {
        this.token = token;
        this.request = request;
    }

    /** The caller's organization; a request without a valid internal token is a 401. */
    public String organization() {
        if (organization == null) { // a request asks many times: its token's claims are read once
            String claimed = claim(ORGANIZATION_CLAIM);
            if (claimed == null || claimed.isBlank()) {
                throw new AuthenticationFailedException("internal token has no " + ORGANIZATION_CLAIM + " claim");
            }
            elevation();
            organization = claimed;
        }
        return organization;
    }

    /** The user, API key or access token the call is made with. */
    public String subject() {
        requireToken();
        return token.getSubject();
    }

    /** The caller's internal token as an Authorization header, for a call to another service on its behalf. */
    public String authorization() {
        requireToken();
        return "Bearer " + token.getRawToken();
    }

    public String kind() {
        return claim(KIND_CLAIM);
    }

    /** Whether a person is calling (with a password, a session or an access token), not an API key. */
    public boolean isUser() {
        return !"api_key".equals(kind());
    }

    /** The integration an API key belongs to, or null for a user. */
    public String integration() {
        return claim(INTEGRATION_CLAIM);
    }

    /** When identity-service issued the caller's internal token (what the token's claims are true as of). */
    public Instant issuedAt() {
        requireToken();
        return Instant.ofEpochSecond(token.getIssuedAtTime());
    }

    public boolean allowWriteData() {
        requireToken();
        Object value = token.getClaim(ALLOW_WRITE_DATA_CLAIM);
        return Boolean.TRUE.equals(value) || (value != null && "true".equals(value.toString()));
    }

    /** Organization roles: owner, admin, member. */
    public Set<String> roles() {
        requireToken();
        return new TreeSet<>(claimList(ROLES_CLAIM));
    }

    /** Department id → the caller's role in it. */
    public Map<String, String> departments() {
        Map<String, String> departments = new LinkedHashMap<>();
        for (String membership : claimList(DEPARTMENTS_CLAIM)) {
            int colon = membership.lastIndexOf(':');
            if (colon > 0) {
                departments.put(membership.substring(0, colon), membership.substring(colon + 1));
            }
        }
        return departments;
    }

    /** The elevation this request acts at (default user); 403 when the caller does not hold it. */
    public Elevation elevation() {
        if (elevation == null) {
            String requested = firstNonBlank(request.getParam("elevation"), request.getParam("mode"));
            Elevation level = requested == null ? Elevation.USER : Elevation.parse(requested);
            String department = firstNonBlank(request.getHeader(DEPARTMENT_HEADER), request.getParam("for_department_id"));
            if (level.needsDepartment() && department == null) {
                throw ApiException.badParameter("for_department_id", "Elevation " + level.name().toLowerCase(Locale.ROOT)
                        + " acts for a department: name it with the " + DEPARTMENT_HEADER + " header or for_department_id");
            }
            if (!level.isHeldBy(roles(), departments(), department)) {
                throw new ApiException(403, "forbidden", "You do not hold the elevation " + level.name().toLowerCase(Locale.ROOT)
                        + (department == null ? "" : " for department " + department));
            }
            elevation = level;
        }
        return elevation;
    }

    /** Refuses (403) a caller that is not an administrator (role admin or owner) of its organization. */
    public void requireAdministrator() {
        organization();
        if (!Elevation.ADMIN.isHeldBy(roles(), Map.of(), null)) {
            throw new ApiException(403, "forbidden", "Only an owner or admin of the organization may do this");
        }
    }

    /**
     * The caller's organization's locale, or null: before this request has been authenticated (a refusal
     * that came first, where the token must not be read now), or from a token without the claim. Never
     * refuses.
     */
    public String locale() {
        return organization == null ? null : claim(LOCALE_CLAIM);
    }

    private String claim(String name) {
        requireToken();
        Object value = token.getClaim(name);
        return value == null ? null : value instanceof JsonString json ? json.getString() : value.toString();
    }

    private List<String> claimList(String name) {
        requireToken();
        Object value = token.getClaim(name);
        if (value instanceof JsonArray array) {
            return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().map(Object::toString).toList();
        }
        return List.of();
    }

    private void requireToken() {
        if (token.getRawToken() == null) {
            throw new ApiException(401, "unauthorized", "Authentication required");
        }
    }

    private static String firstNonBlank(String first, String second) {
        if (first != null && !first.isBlank()) {
            return first.trim();
        }
        return second == null || second.isBlank() ? null : second.trim();
    }
}
