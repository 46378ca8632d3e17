package dev.entrepot.identity.accounts;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@code organizations} (V2__identity.sql): made at signup; its name and locale change later. */
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

    @Column(name = "locale", nullable = false)
    private String locale;

    protected OrganizationRow() {
    }

    OrganizationRow(String id, String name, String locale, OffsetDateTime created) {
        this.id = id;
        this.name = name;
        this.locale = locale;
        this.created = created;
    }

    void rename(String newName) {
        this.name = newName;
    }

    void speak(String newLocale) {
        this.locale = newLocale;
    }

    ObjectNode json() {
        ObjectNode organization = JsonNodeFactory.instance.objectNode();
        organization.put("id", id);
        organization.put("name", name);
        organization.put("locale", locale);
        Times.put(organization, "created", created);
        return organization;
    }
}
