package dev.entrepot.identity.accounts;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@code organizations} (V2__identity.sql): written once, at signup. */
@Entity
@Table(name = "organizations")
class OrganizationRow {

    @Id
    @Column(name = "id", nullable = false)
    private String id;

    @Column(name = "name", nullable = false)
    private String name;

    @Column(name = "created", nullable = false)
    private OffsetDateTime created;

    protected OrganizationRow() {
    }

    OrganizationRow(String id, String name, OffsetDateTime created) {
        this.id = id;
        this.name = name;
        this.created = created;
    }
}
