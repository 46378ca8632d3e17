package dev.entrepot.identity.accounts;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.identity.Identity;
import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.Elevation;
import dev.entrepot.platform.api.RecordStore;
import dev.entrepot.platform.api.StoredRecord;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Who belongs to a department and as what: client, provider, reader or owner, each granting the
 * department elevation of the same name and those below it. Both sides must be of the caller's organization.
 * Rows: {@link DepartmentMemberRow}; the departments and users are generic records, read through the
 * {@link RecordStore}. Every change is published ({@link IdentityEvents#membership}), so no cached
 * credential keeps the old membership.
 */
@ApplicationScoped
public class DepartmentMembers {

    private static final Sort BY_CREATED = Sort.by("created").and("userId");

    private final DepartmentMemberRows members;
    private final RecordStore records;
    private final IdentityEvents events;

    DepartmentMembers(DepartmentMemberRows members, RecordStore records, IdentityEvents events) {
        this.members = members;
        this.records = records;
        this.events = events;
    }

    public List<ObjectNode> list(String organization, String departmentId) {
        requireDepartment(organization, departmentId);
        List<DepartmentMemberRow> rows = members.list("organization = ?1 and departmentId = ?2", BY_CREATED, organization,
                departmentId);
        Map<String, String> emails = records.findAll(Identity.USERS, organization,
                rows.stream().map(DepartmentMemberRow::userId).toList()).stream()
                .collect(Collectors.toMap(StoredRecord::id, user -> user.json().path("email").asText()));
        return rows.stream().filter(row -> emails.containsKey(row.userId())).map(row -> {
            ObjectNode member = JsonNodeFactory.instance.objectNode();
            member.put("user_id", row.userId());
            member.put("email", emails.get(row.userId()));
            member.put("role", row.role());
            Times.put(member, "created", row.created());
            return member;
        }).toList();
    }

    /** Adds the user to the department, or changes their role in it (one upsert: the membership keeps its created). */
    @Transactional
    public void put(String organization, String departmentId, String userId, JsonNode body) {
        Input input = new Input(body).only("role");
        String role = input.oneOf("role", Elevation.DEPARTMENT_ROLES, null);
        if (role == null) { // absent or null: a membership always has a role
            input.problem("role", "role is required: client, owner, provider or reader");
        }
        input.check();
        requireDepartment(organization, departmentId);
        if (records.existing(Identity.USERS, organization, List.of(userId)).isEmpty()) {
            throw ApiException.notFound("No user with id " + userId);
        }
        members.getEntityManager().createQuery("insert into DepartmentMemberRow (departmentId, userId, organization, role, created) "
                + "values (?1, ?2, ?3, ?4, ?5) on conflict (departmentId, userId) do update set role = excluded.role")
                .setParameter(1, departmentId).setParameter(2, userId).setParameter(3, organization).setParameter(4, role)
                .setParameter(5, OffsetDateTime.now(ZoneOffset.UTC)).executeUpdate();
        events.membership(organization, userId, departmentId, role);
    }

    @Transactional
    public void remove(String organization, String departmentId, String userId) {
        requireDepartment(organization, departmentId);
        if (members.delete("organization = ?1 and departmentId = ?2 and userId = ?3", organization, departmentId, userId) == 0) {
            throw ApiException.notFound("User " + userId + " is not a member of department " + departmentId);
        }
        events.membership(organization, userId, departmentId, null);
    }

    /**
     * The user's memberships as the internal token's {@code departments} claim, {@code "<department id>:<role>"},
     * in department order: one indexed query (department_members_user), no entity loaded.
     */
    public List<String> claims(String userId) {
        return members.getEntityManager().createQuery("select concat(m.departmentId, ':', m.role) from DepartmentMemberRow m "
                + "where m.userId = ?1 order by m.departmentId", String.class).setParameter(1, userId).getResultList();
    }

    private void requireDepartment(String organization, String departmentId) {
        if (records.existing(Identity.DEPARTMENTS, organization, List.of(departmentId)).isEmpty()) {
            throw ApiException.notFound("No department with id " + departmentId);
        }
    }
}
