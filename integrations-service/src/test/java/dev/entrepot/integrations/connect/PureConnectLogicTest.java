package dev.entrepot.integrations.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import dev.entrepot.platform.api.ApiException;

/** The pieces of connections that need no service: sealing, URL checks and proxied paths. */
class PureConnectLogicTest {

    private static final String KEY_ONE = "1=dGVzdC1vbmx5LW1hc3Rlci1rZXktb25lLS0tLS0tLS0=";
    private static final String KEY_TWO = "2=dGVzdC1vbmx5LW1hc3Rlci1rZXktdHdvLS0tLS0tLS0=";

    @Test
    void sealedValuesOpenOnlyInTheirContextAndSurviveAMasterKeyRotation() {
        SecretBox before = new SecretBox(KEY_ONE);
        String sealed = before.seal("a client secret", "configuration:abc:client_secret");
        assertThat(sealed).startsWith("v1.").doesNotContain("client secret");
        assertThat(before.seal("a client secret", "configuration:abc:client_secret")).isNotEqualTo(sealed);
        assertThatThrownBy(() -> before.open(sealed, "configuration:xyz:client_secret")).isInstanceOf(IllegalStateException.class);

        SecretBox rotated = new SecretBox(KEY_ONE + "," + KEY_TWO);
        assertThat(rotated.open(sealed, "configuration:abc:client_secret")).isEqualTo("a client secret");
        String rewrapped = rotated.rewrap(sealed);
        assertThat(rotated.version(rewrapped)).isEqualTo(2);
        assertThat(new SecretBox(KEY_TWO).open(rewrapped, "configuration:abc:client_secret")).isEqualTo("a client secret");
        assertThatThrownBy(() -> new SecretBox(KEY_TWO).open(sealed, "configuration:abc:client_secret"))
                .hasMessageContaining("master key 1");
        assertThatThrownBy(() -> new SecretBox("1=c2hvcnQ=")).hasMessageContaining("32 bytes");
        assertThat(SecretBox.mask("e9ca7f3b21d")).isEqualTo("e9ca****");
        assertThat(SecretBox.mask("short")).isEqualTo("****");
    }

    /** The guard's reading of a URL, without resolving anything: each URL and a word of why it is refused. */
    private static final String[][] REFUSED = {
            // Trailing dots, whatever the name or address before them.
            { "https://localhost.", "ending in a dot" }, { "https://LocalHost.", "ending in a dot" },
            { "https://api.github.com.", "ending in a dot" }, { "https://127.0.0.1.", "ending in a dot" },
            { "https://erp.internal./api", "ending in a dot" },
            // IPv4 in the forms inet_aton reads: refused outright, with what a resolver would make of them.
            { "https://0177.0.0.1", "read as 127.0.0.1" }, { "https://0x7f000001", "read as 127.0.0.1" },
            { "https://0X7F000001", "read as 127.0.0.1" }, { "https://2130706433", "read as 127.0.0.1" },
            { "https://127.1", "read as 127.0.0.1" }, { "https://127.0.1", "read as 127.0.0.1" },
            { "https://0x7f.1", "read as 127.0.0.1" }, { "https://0x7f.0.0.0x1", "read as 127.0.0.1" },
            { "https://017700000001", "read as 127.0.0.1" }, { "https://127.000.000.001", "read as 127.0.0.1" },
            { "https://0300.0250.0.1", "read as 192.168.0.1" }, { "https://0xa9fea9fe", "read as 169.254.169.254" },
            { "https://169.254.43518", "read as 169.254.169.254" }, { "https://0", "read as 0.0.0.0" },
            { "https://0x", "read as 0.0.0.0" }, { "https://010.0.0.1", "read as 8.0.0.1" },
            { "https://93.184.216.034", "read as 93.184.216.28" }, { "https://1.2.3.04:8443/x", "read as 1.2.3.4" },
            { "https://08.1.1.1", "neither a name nor an address" }, { "https://256.1.1.1", "neither a name nor an address" },
            { "https://1.2.3.4.5", "neither a name nor an address" }, { "https://4294967296", "neither a name nor an address" },
            { "https://foo.123", "neither a name nor an address" },
            // IPv6 that carries a private IPv4 address, or is not global unicast.
            { "https://[::127.0.0.1]", "IPv4-compatible 127.0.0.1, loopback" }, { "https://[::7f00:1]", "loopback" },
            { "https://[::ffff:127.0.0.1]", "loopback" }, { "https://[::ffff:7f00:1]", "loopback" },
            { "https://[0:0:0:0:0:ffff:127.0.0.1]", "loopback" }, { "https://[::FFFF:A9FE:A9FE]", "link-local" },
            { "https://[::ffff:0:10.0.0.1]", "IPv4-translated 10.0.0.1, private" },
            { "https://[64:ff9b::7f00:1]", "NAT64 127.0.0.1, loopback" }, { "https://[64:ff9b::169.254.169.254]", "NAT64" },
            { "https://[64:ff9b::a00:1]", "NAT64 10.0.0.1, private" }, { "https://[64:ff9b:1::1]", "not global unicast" },
            { "https://[2002:7f00:1::]", "6to4 127.0.0.1, loopback" }, { "https://[2002:a9fe:a9fe::1]", "6to4 169.254.169.254" },
            { "https://[2002:c0a8:1::]", "6to4 192.168.0.1" },
            { "https://[2001:0:4136:e378:8000:63bf:80ff:fffe]", "Teredo, client loopback" },
            { "https://[2001:0:7f00:1::ffff:ffff]", "Teredo, server loopback" },
            { "https://[::1]", "loopback" }, { "https://[0:0:0:0:0:0:0:1]", "loopback" }, { "https://[::]", "unspecified" },
            { "https://[fe80::1]", "link-local" }, { "https://[FE80::1]", "link-local" }, { "https://[fc00::1]", "unique local" },
            { "https://[fd12:3456::1]", "unique local" }, { "https://[ff02::1]", "multicast" }, { "https://[100::1]", "not global unicast" },
            { "https://[fec0::1]", "not global unicast" }, { "https://[2001:db8::1]", "documentation" },
            { "https://[fe80::1%25eth0]", "percent-encoding or a zone" }, { "https://[::ffff:0177.0.0.1]", "malformed IPv6" },
            { "https://[1::2::3]", "not a URL" }, { "https://[12345::1]", "not a URL" }, { "https://[::1", "not a URL" },
            // IPv4 ranges.
            { "https://169.254.169.254/latest", "link-local" }, { "https://10.1.2.3", "private" }, { "https://192.168.0.1", "private" },
            { "https://172.16.0.9", "private" }, { "https://172.31.255.255", "private" }, { "https://100.64.0.1", "carrier-grade NAT" },
            { "https://0.0.0.0", "this network" }, { "https://127.0.0.2", "loopback" }, { "https://224.0.0.1", "multicast" },
            { "https://255.255.255.255", "reserved" }, { "https://192.0.0.170", "IETF" }, { "https://198.18.0.1", "benchmarking" },
            { "https://192.0.2.1", "documentation" },
            // Names.
            { "https://localhost", "private host" }, { "https://LOCALHOST/x", "private host" }, { "https://a.localhost", "private host" },
            { "https://db.local", "private host" }, { "https://metadata.google.internal", "private host" },
            { "https://router.home.arpa", "private host" }, { "https://box.localdomain", "private host" },
            { "https://kubernetes", "one label" }, { "https://metadata", "one label" },
            { "https://ex_ample.com", "not a valid name" }, { "https://ex\u00e4mple.com", "not a valid name" },
            { "https://-a.example.com", "not a valid name" }, { "https://%6c%6fcalhost", "percent-encoding" },
            // Everything else about the URL.
            { "http://api.github.com", "https" }, { "https://me@api.github.com", "user info" }, { "https://a:b@api.github.com", "user info" },
            { "ftp://example.com", "http(s) URL" }, { "not a url", "not a URL" }, { "https:///path", "http(s) URL" },
            { "https:api.github.com", "http(s) URL" }, { "https://api.github.com:0", "port" }, { "https://api.github.com:99999", "port" },
            { "https://api.github.com:+443", "port" } };

    @Test
    void everyFormOfAnAddressIsReadAsAResolverReadsItAndPrivateOrAmbiguousOnesAreRefused() {
        UrlGuard.Resolver none = name -> {
            throw new AssertionError("refusal() resolves nothing, asked for " + name);
        };
        UrlGuard strict = new UrlGuard(Set.of("erp.internal"), none);
        SoftAssertions table = new SoftAssertions();
        for (String[] refused : REFUSED) {
            table.assertThat(strict.refusal(refused[0])).as(refused[0]).isNotNull().contains(refused[1]);
        }
        table.assertAll();
        UrlGuard guard = new UrlGuard(Set.of("127.0.0.1", "erp.internal", "::1"), none);
        for (String url : new String[] { "https://api.github.com", "https://API.GitHub.com/v3", "https://api.github.com:8443/x",
                "https://93.184.216.34", "https://8.8.8.8:443", "https://[2606:4700::1111]", "https://[2606:4700:0:0:0:0:0:1111]/x",
                "https://[64:ff9b::5db8:d822]", "https://[64:ff9b::93.184.216.34]", "https://[::ffff:93.184.216.34]",
                "https://[2002:5db8:d822::1]", "https://[2001:0:4136:e378:8000:63bf:a247:27cb]", "https://1e100.net",
                "https://xn--exmple-cua.com", "https://a-b.example.co.uk",
                // Named by the operator: allowed, plain http too, in any notation of the address.
                "http://127.0.0.1:8099/api", "https://erp.internal/api", "http://ERP.Internal", "http://[::1]:8080", "http://[0:0::1]",
                "http://[::ffff:127.0.0.1]:8080" }) {
            assertThat(guard.refusal(url)).as(url).isNull();
        }
        assertThat(new UrlGuard(Set.of()).refusal("http://127.0.0.1:8099/api")).isEqualTo("must use https");
        assertThatThrownBy(() -> new UrlGuard(Set.of("localhost."))).hasMessageContaining("ending in a dot");
        assertThatThrownBy(() -> new UrlGuard(Set.of("0x7f000001"))).hasMessageContaining("127.0.0.1");
    }

    @Test
    void everyAddressANameResolvesToIsCheckedAndTheCheckedOneIsTheOneToConnectTo() throws Exception {
        Map<String, List<InetAddress>> names = Map.of(
                "evil.test", List.of(address("93.184.216.34"), address("10.0.0.1")),
                "evil6.test", List.of(address("93.184.216.34"), InetAddress.getByAddress(UrlGuard.ipv6("64:ff9b::7f00:1"))),
                "metadata.test", List.of(address("169.254.169.254")),
                "loopback.test", List.of(address("127.0.0.1")),
                "loopback2.test", List.of(address("127.0.0.2")),
                "good.test", List.of(address("93.184.216.34"), InetAddress.getByAddress(UrlGuard.ipv6("2606:4700::1111"))),
                "erp.internal", List.of(address("10.20.0.5")));
        List<String> asked = new java.util.ArrayList<>();
        UrlGuard.Resolver resolver = name -> {
            asked.add(name);
            List<InetAddress> known = names.get(name);
            if (known == null) {
                throw new UnknownHostException(name);
            }
            return known;
        };
        UrlGuard guard = new UrlGuard(Set.of("127.0.0.1", "erp.internal"), resolver);

        assertThat(guard.refusal("https://evil.test/x")).as("its form is fine").isNull();
        assertThat(guard.resolvedRefusal("https://evil.test/x")).contains("10.0.0.1", "private");
        assertThatThrownBy(() -> guard.pin("https://evil.test/x")).isInstanceOfSatisfying(UrlGuard.Refused.class,
                refused -> assertThat(refused.code()).isEqualTo("private_address"));
        assertThat(guard.resolvedRefusal("https://evil6.test")).contains("NAT64 127.0.0.1");
        assertThat(guard.resolvedRefusal("https://metadata.test")).contains("169.254.169.254");
        assertThat(guard.resolvedRefusal("https://loopback2.test")).contains("127.0.0.2", "loopback");
        // An address the operator allows is allowed whether a URL writes it or a name resolves to it; no other.
        assertThat(guard.resolvedRefusal("https://loopback.test")).isNull();
        assertThat(new UrlGuard(Set.of(), resolver).resolvedRefusal("https://loopback.test")).contains("loopback");
        // A name that does not resolve passes at creation (each call checks again) and cannot be pinned.
        assertThat(guard.resolvedRefusal("https://nowhere.test")).isNull();
        assertThatThrownBy(() -> guard.pin("https://nowhere.test")).isInstanceOf(UnknownHostException.class);

        asked.clear();
        UrlGuard.Pinned pinned = guard.pin(URI.create("https://GOOD.test/v1/x?y=1"));
        assertThat(asked).containsExactly("good.test");
        assertThat(pinned.address()).isEqualTo(address("93.184.216.34"));
        assertThat(pinned.host()).isEqualTo("good.test");
        assertThat(pinned.port()).isEqualTo(443);
        assertThat(pinned.https()).isTrue();
        assertThat(pinned.authority()).isEqualTo("good.test");
        assertThat(guard.pin("https://good.test:8443").authority()).isEqualTo("good.test:8443");
        // A name the operator allows is not checked, but still pinned to what it resolved to.
        assertThat(guard.pin("http://erp.internal:8080/api").address()).isEqualTo(address("10.20.0.5"));
        // An address needs no resolving.
        asked.clear();
        assertThat(guard.pin("http://127.0.0.1:9/x").address()).isEqualTo(address("127.0.0.1"));
        assertThat(guard.pin("https://[2606:4700::1111]:8443").authority()).isEqualTo("[2606:4700:0:0:0:0:0:1111]:8443");
        assertThat(asked).isEmpty();
        // How a URL is written is refused before anything is resolved.
        assertThatThrownBy(() -> guard.pin("https://localhost.")).isInstanceOfSatisfying(UrlGuard.Refused.class,
                refused -> assertThat(refused.code()).isEqualTo("url_not_allowed"));
        assertThat(asked).isEmpty();
    }

    @Test
    void theLegacyIpv4FormsAreReadLikeInetAton() {
        assertThat(UrlGuard.legacyIpv4("0177.0.0.1")).isEqualTo(0x7f000001L);
        assertThat(UrlGuard.legacyIpv4("0x7f.0.0.1")).isEqualTo(0x7f000001L);
        assertThat(UrlGuard.legacyIpv4("127.65537")).isEqualTo(0x7f010001L);
        assertThat(UrlGuard.legacyIpv4("127.16777216")).isEqualTo(-1);
        assertThat(UrlGuard.legacyIpv4("127.1.1")).isEqualTo(0x7f010001L);
        assertThat(UrlGuard.legacyIpv4("4294967295")).isEqualTo(0xffffffffL);
        assertThat(UrlGuard.legacyIpv4("4294967296")).isEqualTo(-1);
        assertThat(UrlGuard.legacyIpv4("256.1")).isEqualTo(-1);
        assertThat(UrlGuard.legacyIpv4("09")).isEqualTo(-1);
        assertThat(UrlGuard.legacyIpv4("1.2.3.4.5")).isEqualTo(-1);
        assertThat(UrlGuard.canonicalIpv4("01.2.3.4")).isNull();
        assertThat(UrlGuard.ipv6("::ffff:1.2.3.4")).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4);
        assertThat(UrlGuard.ipv6("1::1.2.3.4")).containsExactly(0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4);
        assertThat(UrlGuard.ipv6("1:2:3:4:5:6:7:8")).hasSize(16);
        for (String bad : new String[] { "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", ":1::", "1:::2", "::1.2.3", "1::2::3", "g::1", "::01.2.3.4",
                "1:2:3:4:5:6:7:1.2.3.4" }) {
            assertThat(UrlGuard.ipv6(bad)).as(bad).isNull();
        }
    }

    private static InetAddress address(String text) throws UnknownHostException {
        return InetAddress.getByAddress(UrlGuard.canonicalIpv4(text));
    }

    @Test
    void aProxiedPathStaysUnderTheBaseUrl() {
        assertThat(ProxyTarget.of("https://api.example.com/v2", "repos/a%20b", "page=2").toString())
                .isEqualTo("https://api.example.com/v2/repos/a%20b?page=2");
        assertThat(ProxyTarget.of("https://api.example.com", "", null).toString()).isEqualTo("https://api.example.com/");
        for (String path : new String[] { "../admin", "a/../../x", "%2e%2e/x", "a/%2E/b", "..%2fx", "a%5cb", "@evil.example",
                "%40evil.example", "//evil.example/x", "https://evil.example", "http:/evil.example", "javascript:alert(1)",
                "a%0d%0aHost:%20evil", "a\nb", "..;/admin", ".;/admin", "a/..;x=1/..;/admin", "%2e%2e;/admin", "%2E;/admin", "..%3b/admin",
                ".%2e;jsessionid=1/admin", "%252e%252e/admin", "%25252e%25252e;/admin", "a/%2e%2e%3bx/b" }) {
            assertThatThrownBy(() -> ProxyTarget.of("https://api.example.com/v2", path, null)).as(path).isInstanceOf(ApiException.class);
        }
        assertThatThrownBy(() -> ProxyTarget.of("https://api.example.com/v2", "x", "a=1#frag")).isInstanceOf(ApiException.class);
        for (String path : new String[] { "items;v=1", "a..b", "...", "..a", ".well-known/x", "a;b/c" }) {
            assertThat(ProxyTarget.of("https://api.example.com/v2", path, null).getRawPath()).as(path).isEqualTo("/v2/" + path);
        }
        assertThatThrownBy(() -> ProxyTarget.of("https://127.1/v2", "x", null)).as("a stored base URL without a host")
                .isInstanceOf(ApiException.class);
    }
}
