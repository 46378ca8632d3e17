package dev.entrepot.identity.accounts;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A row of {@code department_members} (V2__identity.sql): a user's role in a department. */
@Entity
@Table(name = "department_members")
@IdClass(DepartmentMemberRow.Key.class)
class DepartmentMemberRow {

    @Id
    @Column(name = "department_id", nullable = false)
    private String departmentId;

    @Id
    @Column(name = "user_id", nullable = false)
    private String userId;

    @Column(name = "org_id", nullable = false)
    private String organization;

    @Column(name = "role", nullable = false)
    private String role;

    @Column(name = "created", nullable = false)
    private OffsetDateTime created;

    protected DepartmentMemberRow() {
    }

    String userId() {
        return userId;
    }

    String role() {
        return role;
    }

    OffsetDateTime created() {
        return created;
    }

    /** The primary key (department_id, user_id). */
    static class Key implements Serializable {

        private String departmentId;
        private String userId;

        protected Key() {
        }

        Key(String departmentId, String userId) {
            this.departmentId = departmentId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(departmentId, key.departmentId) && Objects.equals(userId, key.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(departmentId, userId);
        }
    }
}
