package dev.entrepot.platform.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ElevationTest {

    private static final Set<String> MEMBER = Set.of("member");
    private static final Set<String> ADMIN = Set.of("admin");
    private static final Set<String> OWNER = Set.of("owner");

    @Test
    void parsesBothSpellingsAndTheOlderUnauthenticated() {
        assertThat(Elevation.parse("client_department")).isEqualTo(Elevation.CLIENT_DEPARTMENT);
        assertThat(Elevation.parse("ClientDepartment")).isEqualTo(Elevation.CLIENT_DEPARTMENT);
        assertThat(Elevation.parse(" Unrestricted ")).isEqualTo(Elevation.UNRESTRICTED);
        assertThat(Elevation.parse("Unauthenticated")).isEqualTo(Elevation.PUBLIC);
        assertThatThrownBy(() -> Elevation.parse("root")).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).status()).isEqualTo(400);
    }

    @Test
    void everyoneHoldsTheUserLevels() {
        for (Elevation level : new Elevation[] { Elevation.PUBLIC, Elevation.USER, Elevation.CLIENT }) {
            assertThat(level.isHeldBy(MEMBER, Map.of(), null)).isTrue();
        }
    }

    @Test
    void adminNeedsAnAdministratorAndUnrestrictedAnOwner() {
        assertThat(Elevation.ADMIN.isHeldBy(MEMBER, Map.of(), null)).isFalse();
        assertThat(Elevation.ADMIN.isHeldBy(ADMIN, Map.of(), null)).isTrue();
        assertThat(Elevation.ADMIN.isHeldBy(OWNER, Map.of(), null)).isTrue();
        assertThat(Elevation.UNRESTRICTED.isHeldBy(ADMIN, Map.of(), null)).isFalse();
        assertThat(Elevation.UNRESTRICTED.isHeldBy(OWNER, Map.of(), null)).isTrue();
    }

    @Test
    void aDepartmentRoleGrantsItsLevelAndTheOnesBelowInThatDepartmentOnly() {
        Map<String, String> reader = Map.of("d1", "reader");

        assertThat(Elevation.CLIENT_DEPARTMENT.isHeldBy(MEMBER, reader, "d1")).isTrue();
        assertThat(Elevation.PROVIDER_DEPARTMENT.isHeldBy(MEMBER, reader, "d1")).isTrue();
        assertThat(Elevation.READER_DEPARTMENT.isHeldBy(MEMBER, reader, "d1")).isTrue();
        assertThat(Elevation.OWNER_DEPARTMENT.isHeldBy(MEMBER, reader, "d1")).isFalse();
        assertThat(Elevation.READER_DEPARTMENT.isHeldBy(MEMBER, reader, "d2")).isFalse();
        assertThat(Elevation.READER_DEPARTMENT.isHeldBy(MEMBER, reader, null)).isFalse();
        assertThat(Elevation.OWNER_DEPARTMENT.isHeldBy(ADMIN, Map.of(), "d2")).isTrue();
    }
}
