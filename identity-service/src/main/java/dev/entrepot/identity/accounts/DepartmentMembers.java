package dev.entrepot.identity.accounts;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.Elevation;
import dev.entrepot.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Who belongs to a department and as what: client, provider, reader or owner, each granting the
 * department elevation of the same name and those below it. Both sides must be of the caller's organization.
 * Every change is published ({@link IdentityEvents#membership}), so no cached credential keeps the old membership.
 */
@ApplicationScoped
public class DepartmentMembers {

    private final Sql sql;
    private final IdentityEvents events;

    DepartmentMembers(Sql sql, IdentityEvents events) {
        this.sql = sql;
        this.events = events;
    }

    public List<ObjectNode> list(String organization, String departmentId) {
        requireDepartment(organization, departmentId);
        return sql.list("SELECT m.user_id, u.email, m.role, m.created FROM department_members m JOIN users u ON u.id = m.user_id "
                + "WHERE m.org_id = ? AND m.department_id = ? ORDER BY m.created, m.user_id", row -> {
                    ObjectNode member = JsonNodeFactory.instance.objectNode();
                    member.put("user_id", row.getString(1));
                    member.put("email", row.getString(2));
                    member.put("role", row.getString(3));
                    Times.put(member, "created", Sql.timestamp(row, "created"));
                    return member;
                }, organization, departmentId);
    }

    /** Adds the user to the department, or changes their role in it. */
    @Transactional
    public void put(String organization, String departmentId, String userId, JsonNode body) {
        Input input = new Input(body).only("role");
        String role = input.oneOf("role", Elevation.DEPARTMENT_ROLES, null);
        if (role == null && !body.has("role")) {
            input.problem("role", "role is required: client, owner, provider or reader");
        }
        input.check();
        requireDepartment(organization, departmentId);
        if (sql.one("SELECT 1 FROM users WHERE org_id = ? AND id = ?", row -> true, organization, userId).isEmpty()) {
            throw ApiException.notFound("No user with id " + userId);
        }
        sql.update("INSERT INTO department_members (department_id, user_id, org_id, role, created) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (department_id, user_id) DO UPDATE SET role = EXCLUDED.role",
                departmentId, userId, organization, role, OffsetDateTime.now(ZoneOffset.UTC));
        events.membership(organization, userId, departmentId, role);
    }

    @Transactional
    public void remove(String organization, String departmentId, String userId) {
        requireDepartment(organization, departmentId);
        if (sql.update("DELETE FROM department_members WHERE org_id = ? AND department_id = ? AND user_id = ?",
                organization, departmentId, userId) == 0) {
            throw ApiException.notFound("User " + userId + " is not a member of department " + departmentId);
        }
        events.membership(organization, userId, departmentId, null);
    }

    private void requireDepartment(String organization, String departmentId) {
        if (sql.one("SELECT 1 FROM departments WHERE org_id = ? AND id = ?", row -> true, organization, departmentId).isEmpty()) {
            throw ApiException.notFound("No department with id " + departmentId);
        }
    }
}
