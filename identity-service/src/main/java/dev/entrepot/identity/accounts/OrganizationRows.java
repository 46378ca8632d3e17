package dev.entrepot.identity.accounts;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
class OrganizationRows implements PanacheRepositoryBase<OrganizationRow, String> {
}
