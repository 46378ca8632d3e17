package dev.entrepot.identity.apikeys;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
class ApiKeyRows implements PanacheRepositoryBase<ApiKeyRow, String> {
}
