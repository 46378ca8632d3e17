package dev.entrepot.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private final ClientAddress behindProxies = new ClientAddress(List.of("10.0.0.0/8", "192.0.2.10", "2001:db8:ffff::/48"));
    private final ClientAddress direct = new ClientAddress(List.of());

    @Test
    void anUntrustedPeerIsTheClientWhateverItsHeaderSays() {
        assertThat(behindProxies.of("198.51.100.7", List.of("203.0.113.9"))).isEqualTo("198.51.100.7");
        assertThat(direct.of("10.1.2.3", List.of("203.0.113.9"))).isEqualTo("10.1.2.3");
        assertThat(direct.of("198.51.100.7", List.of())).isEqualTo("198.51.100.7");
    }

    @Test
    void behindTrustedProxiesTheRightMostUntrustedHopIsTheClient() {
        assertThat(behindProxies.of("10.0.0.5", List.of("203.0.113.9"))).isEqualTo("203.0.113.9");
        // The caller wrote the first two; our proxies appended the rest.
        assertThat(behindProxies.of("10.0.0.5", List.of("1.1.1.1, 8.8.8.8, 203.0.113.9, 192.0.2.10"))).isEqualTo("203.0.113.9");
        // Several header lines are one list, in order.
        assertThat(behindProxies.of("10.0.0.5", List.of("1.1.1.1", "203.0.113.9", "10.9.9.9"))).isEqualTo("203.0.113.9");
    }

    @Test
    void aTrustedPeerWithoutAHeaderOrOnlyTrustedHopsIsCountedByTheLastOne() {
        assertThat(behindProxies.of("10.0.0.5", List.of())).isEqualTo("10.0.0.5");
        assertThat(behindProxies.of("10.0.0.5", List.of("10.7.7.7, 192.0.2.10"))).isEqualTo("10.7.7.7");
    }

    @Test
    void aHopThatIsNoAddressStopsTheWalkAtTheProxyThatWroteIt() {
        assertThat(behindProxies.of("10.0.0.5", List.of("203.0.113.9, unknown"))).isEqualTo("10.0.0.5");
        assertThat(behindProxies.of("10.0.0.5", List.of("203.0.113.9, evil.example.com, 10.0.0.6"))).isEqualTo("10.0.0.6");
    }

    @Test
    void portsBracketsAndMappedAddressesAreTheSameClient() {
        assertThat(behindProxies.of("10.0.0.5", List.of("203.0.113.9:4711"))).isEqualTo("203.0.113.9");
        assertThat(behindProxies.of("10.0.0.5", List.of("::ffff:203.0.113.9"))).isEqualTo("203.0.113.9");
        assertThat(behindProxies.of("::ffff:10.0.0.5", List.of("203.0.113.9"))).isEqualTo("203.0.113.9");
        assertThat(behindProxies.of("10.0.0.5", List.of("[2001:db8:1:2::5]:443"))).isEqualTo("2001:db8:1:2::/64");
    }

    @Test
    void anIpv6ClientCountsByItsSlash64() {
        String a = direct.of("2001:db8:1:2::5", List.of());
        assertThat(a).isEqualTo(direct.of("2001:0db8:0001:0002:ffff:1:2:3", List.of()));
        assertThat(a).isNotEqualTo(direct.of("2001:db8:1:3::5", List.of()));
        assertThat(behindProxies.of("2001:db8:ffff:1::1", List.of("2001:db8:1:2::9"))).isEqualTo(a);
    }

    @Test
    void aTrustedListThatIsNotAddressesStopsTheGateway() {
        assertThatThrownBy(() -> new ClientAddress(List.of("proxy.example.com"))).hasMessageContaining("proxy.example.com");
        assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/x"))).hasMessageContaining("10.0.0.0/x");
    }

    @Test
    void cidrsMatchTheirPrefixOnly() {
        ClientAddress odd = new ClientAddress(List.of("172.16.0.0/12"));
        assertThat(odd.of("172.31.255.255", List.of("203.0.113.9"))).isEqualTo("203.0.113.9");
        assertThat(odd.of("172.32.0.1", List.of("203.0.113.9"))).isEqualTo("172.32.0.1");
    }
}
