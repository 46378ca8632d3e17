package dev.entrepot.integrations.connect;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A row of {@code connectors} (V3__connections.sql): a connector an organization added, its file as jsonb. */
@Entity
@Table(name = "connectors")
@IdClass(ConnectorRow.Key.class)
class ConnectorRow {

    @Id
    @Column(name = "org_id", nullable = false)
    private String organization;

    @Id
    @Column(name = "id", nullable = false)
    private String id;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "definition", nullable = false)
    private String definition;

    // Filled by the column's default.
    @Column(name = "created", insertable = false, updatable = false)
    private OffsetDateTime created;

    protected ConnectorRow() {
    }

    ConnectorRow(String organization, String id, String definition) {
        this.organization = organization;
        this.id = id;
        this.definition = definition;
    }

    String organization() {
        return organization;
    }

    String id() {
        return id;
    }

    String definition() {
        return definition;
    }

    /** The primary key (org_id, id). */
    static class Key implements Serializable {

        private String organization;
        private String id;

        protected Key() {
        }

        Key(String organization, String id) {
            this.organization = organization;
            this.id = id;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(organization, key.organization) && Objects.equals(id, key.id);
        }

        @Override
        public int hashCode() {
            return Objects.hash(organization, id);
        }
    }
}
