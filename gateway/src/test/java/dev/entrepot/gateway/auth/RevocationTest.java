package dev.entrepot.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.entrepot.gateway.auth.Revocation.Scope;

class RevocationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void identityEventsNameWhatTheyEnd() throws Exception {
        assertThat(of("entrepot.identity.api-key.revoked.v1", "key1", "{}"))
                .contains(new Revocation(Scope.CREDENTIAL, "org1", "key1"));
        assertThat(of("entrepot.identity.access-token.revoked.v1", "tok1", "{}"))
                .contains(new Revocation(Scope.CREDENTIAL, "org1", "tok1"));
        assertThat(of("entrepot.identity.session.ended.v1", "ses1", "{}"))
                .contains(new Revocation(Scope.CREDENTIAL, "org1", "ses1"));
        assertThat(of("entrepot.identity.user.disabled.v1", "usr1", "{}"))
                .contains(new Revocation(Scope.SUBJECT, "org1", "usr1"));
        // A new password or role, and a department joined or left.
        assertThat(of("entrepot.identity.user.updated.v1", "usr1", "{}"))
                .contains(new Revocation(Scope.SUBJECT, "org1", "usr1"));
        assertThat(of("entrepot.identity.user.membership-changed.v1", "usr1", "{\"department_id\":\"d1\",\"role\":null}"))
                .contains(new Revocation(Scope.SUBJECT, "org1", "usr1"));
        assertThat(of("entrepot.identity.integration.disabled.v1", "int1", "{\"name\":\"erp\"}"))
                .contains(new Revocation(Scope.INTEGRATION, "org1", "erp"));
        assertThat(of("entrepot.identity.integration.deleted.v1", "int1", "{\"name\":\"erp\"}"))
                .contains(new Revocation(Scope.INTEGRATION, "org1", "erp"));
        assertThat(of("entrepot.identity.integration.updated.v1", "int1", "{\"name\":\"erp\"}"))
                .contains(new Revocation(Scope.INTEGRATION, "org1", "erp"));
    }

    @Test
    void creationsAndStrangersEndNothing() throws Exception {
        assertThat(of("entrepot.identity.api-key.created.v1", "key1", "{}")).isEmpty();
        assertThat(of("entrepot.identity.user.created.v1", "usr1", "{}")).isEmpty();
        assertThat(of("entrepot.catalog.product.created.v1", "p1", "{}")).isEmpty();
        assertThat(of("entrepot.identity.integration.disabled.v1", "int1", "{}")).isEmpty();
    }

    @Test
    void aCachedPrincipalMatchesOnlyRevocationsOfItsOwnOrganization() {
        Principal key = new Principal("org1", "key1", "key1", "erp", "t", 0, 0);
        assertThat(key.matches(new Revocation(Scope.CREDENTIAL, "org1", "key1"))).isTrue();
        assertThat(key.matches(new Revocation(Scope.INTEGRATION, "org1", "erp"))).isTrue();
        assertThat(key.matches(new Revocation(Scope.CREDENTIAL, "org2", "key1"))).isFalse();
        assertThat(key.matches(new Revocation(Scope.INTEGRATION, "org2", "erp"))).isFalse();
        Principal session = new Principal("org1", "usr1", "ses1", null, "t", 0, 0);
        assertThat(session.matches(new Revocation(Scope.SUBJECT, "org1", "usr1"))).isTrue();
        assertThat(session.matches(new Revocation(Scope.INTEGRATION, "org1", "erp"))).isFalse();
        assertThat(session.matches(new Revocation(Scope.CREDENTIAL, "org1", "ses2"))).isFalse();
    }

    private static Optional<Revocation> of(String type, String subject, String data) throws Exception {
        JsonNode event = JSON.readTree("{\"specversion\":\"1.0\",\"type\":\"" + type + "\",\"orgid\":\"org1\",\"subject\":\""
                + subject + "\",\"data\":" + data + "}");
        return Revocation.of(event);
    }
}
