package dev.entrepot.identity.tokens;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
class SigningKeyRows implements PanacheRepositoryBase<SigningKeyRow, String> {
}
