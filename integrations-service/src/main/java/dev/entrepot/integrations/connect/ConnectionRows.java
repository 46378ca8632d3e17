package dev.entrepot.integrations.connect;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
class ConnectionRows implements PanacheRepositoryBase<ConnectionRow, String> {
}
