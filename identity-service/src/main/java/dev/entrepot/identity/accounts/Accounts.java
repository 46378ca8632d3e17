package dev.entrepot.identity.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.identity.Identity;
import dev.entrepot.identity.config.IdentityConfig;
import dev.entrepot.identity.tokens.Secrets;
import dev.entrepot.identity.tokens.TokenIssuer;
import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.Elevation;
import dev.entrepot.platform.api.EntityService;
import dev.entrepot.platform.api.FieldError;
import dev.entrepot.platform.api.Ids;
import dev.entrepot.platform.api.RecordStore;
import dev.entrepot.platform.api.RecordValues;
import dev.entrepot.platform.api.StoredRecord;
import dev.entrepot.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

/**
 * Organizations, users and their sessions: signup, login with lockout, refresh-token rotation, logout,
 * and the users an organization's administrators manage.
 *
 * <p>Lockout: {@code lockout.attempts} wrong passwords in a row lock the account for
 * {@code lockout.duration}; while locked every login fails with the same answer as a wrong password,
 * and an unknown email takes as long as an email of one account, so no answer tells whether an email exists
 * (an email with accounts in several organizations takes one password check per account: docs/identity.md).
 *
 * <p>Organizations and sessions are Hibernate entities ({@link OrganizationRow}, {@link SessionRow});
 * users are generic records ({@link Identity#USERS}), written through the {@link RecordStore} and read
 * (with the lockout counters) by plain SQL.
 */
@ApplicationScoped
public class Accounts {

    public static final int MAX_EMAIL_LENGTH = 254;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Logger LOG = Logger.getLogger(Accounts.class);
    /** An organization's locale unless its signup or an owner says another. */
    public static final String DEFAULT_LOCALE = "en";
    /** A user's profile beside its name: field → maximum length. */
    private static final Map<String, Integer> PROFILE_FIELDS = Map.of("first_name", 100, "middle_name", 100, "last_name", 100,
            "phone", 32);
    private static final String[] CREATE_FIELDS = { "email", "password", "name", "role", "first_name", "middle_name", "last_name",
        "phone" };
    private static final String[] UPDATE_FIELDS = { "id", "name", "role", "is_enabled", "password", "first_name", "middle_name",
        "last_name", "phone" };

    /** A user row as login needs it. */
    public record Account(String id, String organization, String role, boolean enabled, String passwordHash,
            int failedLogins, OffsetDateTime lockedUntil) {
    }

    /** The answer to a login or a refresh; the refresh token is shown only here. */
    public record Login(String token, String refreshToken, Duration expiresIn, Duration refreshExpiresIn,
            String userId, String organization) {

        public ObjectNode toJson() {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.put("token", token);
            json.put("token_type", "Bearer");
            json.put("expires_in", expiresIn.toSeconds());
            json.put("refresh_token", refreshToken);
            json.put("refresh_expires_in", refreshExpiresIn.toSeconds());
            json.put("user_id", userId);
            json.put("organization_id", organization);
            return json;
        }
    }

    private final Sql sql;
    private final OrganizationRows organizations;
    private final SessionRows sessions;
    private final TokenIssuer tokens;
    private final IdentityEvents events;
    private final EntityService entities;
    private final RecordStore records;
    private final Duration refreshLifetime;
    private final int lockoutAttempts;
    private final Duration lockoutDuration;
    private final Clock clock = Clock.systemUTC();

    Accounts(Sql sql, OrganizationRows organizations, SessionRows sessions, TokenIssuer tokens, IdentityEvents events,
            EntityService entities, RecordStore records, IdentityConfig config) {
        this.sql = sql;
        this.organizations = organizations;
        this.sessions = sessions;
        this.tokens = tokens;
        this.events = events;
        this.entities = entities;
        this.records = records;
        this.refreshLifetime = config.identity().refreshLifetime();
        this.lockoutAttempts = config.identity().lockout().attempts();
        this.lockoutDuration = config.identity().lockout().duration();
    }

    /** Creates an organization and its owner, and logs the owner in. */
    @Transactional
    public Login signup(JsonNode body) {
        Input input = new Input(body).only("organization", "email", "password", "name", "locale");
        String organizationName = input.text("organization", true, 200);
        String email = email(input);
        String password = password(input);
        String name = input.text("name", false, 200);
        String locale = locale(input);
        input.check();
        String organization = Ids.next();
        // Flushed now: the owner's row, written by plain SQL next, refers to it.
        organizations.persistAndFlush(new OrganizationRow(organization, organizationName.trim(),
                locale == null ? DEFAULT_LOCALE : locale, now()));
        String userId = insertUser(organization, email, name, Elevation.OWNER, password, RecordValues.of(Identity.USERS));
        return openSession(userId, organization);
    }

    /** Email and password to a session; refused alike for an unknown email, a wrong password and a locked account. */
    @Transactional(dontRollbackOn = ApiException.class)
    public Login login(JsonNode body) {
        Input input = new Input(body).only("email", "password", "organization_id");
        String email = input.text("email", true, MAX_EMAIL_LENGTH);
        String password = input.text("password", true, Passwords.MAX_LENGTH);
        String organization = input.text("organization_id", false, 15);
        input.check();
        Account account = checkPassword(email, organization, password);
        return openSession(account.id(), account.organization());
    }

    /**
     * The account whose email and password these are, counting failures towards the lockout; a 401
     * that never says which part was wrong. An email may have an account in several organizations:
     * {@code organization} (optional) names one; without it the password picks the account, and a
     * password that opens several is answered with the organizations to choose from.
     */
    @Transactional(dontRollbackOn = ApiException.class)
    public Account checkPassword(String email, String organization, String password) {
        List<Account> candidates = organization == null
                ? sql.list("SELECT id, org_id, role, is_enabled, password_hash, failed_logins, locked_until "
                        + "FROM users WHERE email = ? ORDER BY id FOR UPDATE", Accounts::account, normalize(email))
                : sql.list("SELECT id, org_id, role, is_enabled, password_hash, failed_logins, locked_until "
                        + "FROM users WHERE email = ? AND org_id = ? FOR UPDATE", Accounts::account, normalize(email),
                        organization);
        if (candidates.isEmpty()) {
            Passwords.verifyDecoy(password);
            throw invalidLogin();
        }
        // Every account is tried before any failure is counted: a password that opens one account of the
        // email is no wrong guess against its others.
        List<Account> opened = new ArrayList<>();
        List<Account> refused = new ArrayList<>();
        for (Account account : candidates) {
            (passwordOpens(account, password) ? opened : refused).add(account);
        }
        if (opened.isEmpty()) {
            refused.forEach(this::countFailure);
            throw invalidLogin();
        }
        if (opened.size() > 1) {
            List<String> choices = opened.stream().map(Account::organization).toList();
            throw new ApiException(409, "organization_required",
                    "This email and password open accounts in several organizations: name one with organization_id",
                    choices.stream().map(id -> new FieldError(null, "organization_id", "organization " + id, 409)).toList());
        }
        Account account = opened.get(0);
        if (!account.enabled()) {
            throw new ApiException(401, "account_disabled", "This account is disabled");
        }
        if (account.failedLogins() > 0 || account.lockedUntil() != null) {
            sql.update("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?", account.id());
        }
        return account;
    }

    /** Whether the password is this account's; a locked account opens to none (after the same work). */
    private boolean passwordOpens(Account account, String password) {
        if (locked(account)) {
            Passwords.verifyDecoy(password);
            LOG.infof("Login refused: user %s is locked until %s", account.id(), account.lockedUntil());
            return false;
        }
        return Passwords.verify(password, account.passwordHash());
    }

    private boolean locked(Account account) {
        return account.lockedUntil() != null && account.lockedUntil().isAfter(now());
    }

    /** A wrong password towards the account's lockout (a locked account's lock is left as it is). */
    private void countFailure(Account account) {
        if (locked(account)) {
            return;
        }
        int failures = account.failedLogins() + 1;
        boolean lock = failures >= lockoutAttempts;
        sql.update("UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?", lock ? 0 : failures,
                lock ? now().plus(lockoutDuration) : null, account.id());
        if (lock) {
            LOG.warnf("User %s locked for %s after %d wrong passwords", account.id(), lockoutDuration, failures);
        }
    }

    /** A new refresh token for a valid one; a refresh token used twice ends its session (it was copied). */
    @Transactional(dontRollbackOn = ApiException.class)
    public Login refresh(JsonNode body) {
        Input input = new Input(body).only("refresh_token");
        String refreshToken = input.text("refresh_token", true, 100);
        input.check();
        if (!Secrets.REFRESH_TOKEN.matches(refreshToken)) {
            throw invalidRefresh();
        }
        byte[] hash = Secrets.hash(refreshToken);
        // Locked: of two refreshes with the same token, the second waits, then finds it replaced.
        SessionRow session = sessions.find("refreshHash = ?1 or previousRefreshHash = ?1", hash)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional().orElseThrow(Accounts::invalidRefresh);
        if (!Arrays.equals(session.refreshHash(), hash)) {
            endSessions("id = ?1", session.id());
            LOG.warnf("Session %s ended: a replaced refresh token was used again", session.id());
            throw invalidRefresh();
        }
        if (session.revokedAt() != null || !session.expiresAt().isAfter(now()) || !userEnabled(session.userId())) {
            throw invalidRefresh();
        }
        String next = Secrets.REFRESH_TOKEN.generate();
        // One conditional update: the token presented becomes the previous one only while it is the current one.
        if (sessions.update("previousRefreshHash = refreshHash, refreshHash = ?1 where id = ?2 and refreshHash = ?3",
                Secrets.hash(next), session.id(), hash) != 1) {
            throw invalidRefresh();
        }
        return new Login(tokens.sessionToken(session.userId(), session.organization(), session.id()), next,
                tokens.sessionLifetime(), refreshLifetime, session.userId(), session.organization());
    }

    /** Ends a session, named by its refresh token or by the session the caller authenticated with. */
    @Transactional
    public void logout(String organization, String sessionId, JsonNode body) {
        String refreshToken = null;
        if (body != null) {
            Input input = new Input(body).only("refresh_token");
            refreshToken = input.text("refresh_token", false, 100);
            input.check();
        }
        if (refreshToken != null) {
            endSessions("organization = ?1 and (refreshHash = ?2 or previousRefreshHash = ?2)", organization,
                    Secrets.hash(refreshToken));
        } else if (sessionId != null) {
            endSessions("id = ?1 and organization = ?2", sessionId, organization);
        } else {
            throw ApiException.validation("refresh_token", "Name the session to end: send its refresh_token, "
                    + "or call with the session token");
        }
    }

    /** An administrator creates a user of their organization; only an owner may create an owner. */
    @Transactional
    public String createUser(String organization, boolean callerIsOwner, JsonNode body) {
        Input input = new Input(body).only(CREATE_FIELDS);
        String email = email(input);
        String password = password(input);
        String name = input.text("name", false, 200);
        String role = input.oneOf("role", Elevation.ORGANIZATION_ROLES, Elevation.MEMBER);
        RecordValues profile = profile(input, body);
        input.check();
        refuseOwnerChange(callerIsOwner, role);
        return insertUser(organization, email, name, role, password, profile);
    }

    /** Changes a user's name, role, password or is_enabled, with its event; disabling ends their sessions at once. */
    @Transactional
    public void updateUser(String organization, String callerId, boolean callerIsOwner, String userId, JsonNode body) {
        Input input = new Input(body).only(UPDATE_FIELDS);
        String name = input.text("name", false, 200);
        String role = input.oneOf("role", Elevation.ORGANIZATION_ROLES, null);
        Boolean enabled = input.bool("is_enabled");
        String password = body.has("password") ? password(input) : null;
        RecordValues change = profile(input, body); // what the body sends; the rest stays
        input.check();
        record Current(String role, boolean enabled) {
        }
        Current current = sql.one("SELECT role, is_enabled FROM users WHERE id = ? AND org_id = ? FOR UPDATE",
                row -> new Current(row.getString(1), row.getBoolean(2)), userId, organization)
                .orElseThrow(() -> ApiException.notFound("No user with id " + userId));
        if (userId.equals(callerId) && ((role != null && !role.equals(current.role())) || Boolean.FALSE.equals(enabled))) {
            throw new ApiException(422, "validation_failed", "You cannot change your own role or disable yourself",
                    List.of(FieldError.of(role != null ? "role" : "is_enabled", "not for your own account")));
        }
        if (current.role().equals(Elevation.OWNER) || Elevation.OWNER.equals(role)) {
            refuseOwnerChange(callerIsOwner, Elevation.OWNER);
        }
        if (body.has("name")) {
            change.set("name", name);
        }
        if (role != null) {
            change.set("role", role);
        }
        if (enabled != null) {
            change.set("is_enabled", enabled);
        }
        if (password != null) {
            change.hidden("password_hash", Passwords.hash(password));
        }
        StoredRecord updated = records.update(Identity.USERS, organization, userId, change).orElseThrow();
        if (Boolean.FALSE.equals(enabled) && current.enabled()) {
            endSessions("userId = ?1", userId);
            events.user("disabled", organization, updated.json());
        } else {
            // A new password or role must end what the gateway has cached for the user (docs/gateway.md#credentials).
            events.user("updated", organization, updated.json());
        }
    }

    /**
     * Ends the live sessions that {@code condition} (HQL on {@link SessionRow}) selects, each with a
     * {@code session.ended} event. The rows are read locked, so a session ended at the same time by another
     * request is skipped here (PostgreSQL rechecks {@code revokedAt is null} once the lock is granted) and
     * gets one event, not two.
     */
    private void endSessions(String condition, Object... parameters) {
        List<SessionRow> ended = sessions.find("revokedAt is null and (" + condition + ")", parameters)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
        OffsetDateTime now = now();
        ended.forEach(session -> session.revoke(now));
        sessions.flush();
        ended.forEach(session -> events.userCredential("session.ended", session.organization(), session.id(), session.userId()));
    }

    /** The caller's organization: id, name, locale, created. */
    public JsonNode organization(String organization) {
        return organizations.findByIdOptional(organization).orElseThrow(() -> ApiException.notFound("No such organization"))
                .json();
    }

    /** Renames the organization or changes its locale ({@code {name?, locale?}}). */
    @Transactional
    public JsonNode updateOrganization(String organization, JsonNode body) {
        Input input = new Input(body).only("name", "locale");
        String name = input.text("name", false, 200);
        if (body.has("name") && (name == null || name.isBlank())) {
            input.problem("name", "name is required: an organization has a name");
        }
        String locale = locale(input);
        if (body.has("locale") && body.get("locale").isNull()) {
            input.problem("locale", "locale is required: a language such as en or da");
        }
        input.check();
        OrganizationRow row = organizations.findByIdOptional(organization, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ApiException.notFound("No such organization"));
        if (name != null) {
            row.rename(name.trim());
        }
        if (locale != null) {
            row.speak(locale);
        }
        return row.json();
    }

    /** The organization's locale, the default of its answers' {@code locale} (docs/dialects.md). */
    public String locale(String organization) {
        return sql.one("SELECT locale FROM organizations WHERE id = ?", row -> row.getString(1), organization)
                .orElse(DEFAULT_LOCALE);
    }

    /** A primary language tag, {@code da} or {@code EN} (stored lowercase), or null when none is sent. */
    private static String locale(Input input) {
        String locale = input.text("locale", false, 8);
        if (locale != null && !locale.matches("[A-Za-z]{2,8}")) {
            input.problem("locale", "locale is a language of 2 to 8 letters, such as en or da");
            return null;
        }
        return locale == null ? null : locale.toLowerCase(Locale.ROOT);
    }

    public JsonNode user(String organization, String userId) {
        return entities.get(Identity.USERS, organization, userId, 1).json();
    }

    /** The profile fields {@code body} sends (a null clears one), checked into {@code input}. */
    private static RecordValues profile(Input input, JsonNode body) {
        RecordValues profile = RecordValues.of(Identity.USERS);
        PROFILE_FIELDS.forEach((field, maxLength) -> {
            String value = input.text(field, false, maxLength);
            if (body.has(field)) {
                profile.set(field, value);
            }
        });
        return profile;
    }

    private String insertUser(String organization, String email, String name, String role, String password,
            RecordValues profile) {
        if (sql.one("SELECT 1 FROM users WHERE org_id = ? AND email = ?", row -> true, organization, email).isPresent()) {
            throw new ApiException(409, "duplicate", "This organization already has a user with this email",
                    List.of(FieldError.conflict("email", "already a user of this organization")));
        }
        StoredRecord user = records.insert(Identity.USERS, organization, profile
                .set("email", email).set("name", name).set("role", role).hidden("password_hash", Passwords.hash(password)));
        events.user("created", organization, user.json());
        return user.id();
    }

    private Login openSession(String userId, String organization) {
        String sessionId = Ids.next();
        String refreshToken = Secrets.REFRESH_TOKEN.generate();
        OffsetDateTime now = now();
        sessions.persistAndFlush(new SessionRow(sessionId, organization, userId, Secrets.hash(refreshToken), now,
                now.plus(refreshLifetime)));
        return new Login(tokens.sessionToken(userId, organization, sessionId), refreshToken, tokens.sessionLifetime(),
                refreshLifetime, userId, organization);
    }

    private static String email(Input input) {
        String email = input.text("email", true, MAX_EMAIL_LENGTH);
        if (email != null && !EMAIL.matcher(email.trim()).matches()) {
            input.problem("email", "email must be an address such as name@example.com");
        }
        return email == null ? null : normalize(email);
    }

    private static String password(Input input) {
        String password = input.text("password", true, Integer.MAX_VALUE);
        String problem = password == null ? null : Passwords.problem(password);
        if (problem != null) {
            input.problem("password", "password " + problem);
        }
        return password;
    }

    private static void refuseOwnerChange(boolean callerIsOwner, String role) {
        if (Elevation.OWNER.equals(role) && !callerIsOwner) {
            throw new ApiException(403, "forbidden", "Only an owner may make or change an owner");
        }
    }

    private static String normalize(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    private boolean userEnabled(String userId) {
        return sql.one("SELECT is_enabled FROM users WHERE id = ?", row -> row.getBoolean(1), userId).orElse(false);
    }

    private static Account account(ResultSet row) throws SQLException {
        return new Account(row.getString("id"), row.getString("org_id"), row.getString("role"), row.getBoolean("is_enabled"),
                row.getString("password_hash"), row.getInt("failed_logins"), Sql.timestamp(row, "locked_until"));
    }

    private static ApiException invalidLogin() {
        return new ApiException(401, "invalid_credentials", "Email or password is incorrect");
    }

    private static ApiException invalidRefresh() {
        return new ApiException(401, "invalid_refresh_token", "The refresh token is not valid; log in again");
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
