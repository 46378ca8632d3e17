package dev.entrepot.integrations.data;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
class RegistryRows implements PanacheRepositoryBase<RegistryRow, String> {
}
