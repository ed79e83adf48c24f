package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who the client is behind a proxy: X-Forwarded-For read from the right, believed only from trusted proxies. */
class TrustedProxiesTest {
    private static final TrustedProxies NGINX_ON_LOOPBACK = TrustedProxies.parse("127.0.0.1");

    @Test
    void withoutTrustedProxiesThePeerIsTheClientWhateverTheHeaderSays() {
        assertThat(client(TrustedProxies.NONE, "127.0.0.1", "203.0.113.7")).isEqualTo("127.0.0.1");
        assertThat(TrustedProxies.parse("  ")).isSameAs(TrustedProxies.NONE);
    }

    @Test
    void behindATrustedProxyTheClientIsTheAddressItForwardedFor() {
        assertThat(client(NGINX_ON_LOOPBACK, "127.0.0.1", "203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(NGINX_ON_LOOPBACK.client(address("127.0.0.1"), null).getHostAddress()).as("no header")
                .isEqualTo("127.0.0.1");
    }

    @Test
    void aClientCannotChooseItsAddressByWritingTheHeaderItself() {
        // the client sent "X-Forwarded-For: 198.51.100.1"; nginx appended the address it saw
        assertThat(client(NGINX_ON_LOOPBACK, "127.0.0.1", "198.51.100.1, 203.0.113.7")).isEqualTo("203.0.113.7");
        // straight to the server, not through the proxy: the header is not believed
        assertThat(client(NGINX_ON_LOOPBACK, "127.0.0.2", "198.51.100.1")).isEqualTo("127.0.0.2");
    }

    @Test
    void aChainOfTrustedProxiesIsWalkedBackToTheFirstUntrustedAddress() {
        TrustedProxies twoHops = TrustedProxies.parse("127.0.0.1, 10.0.0.0/8");
        // client → 10.1.2.3 (an inner load balancer) → nginx on 127.0.0.1 → server; one header per hop here
        assertThat(client(twoHops, "127.0.0.1", "198.51.100.1, 203.0.113.7", "10.1.2.3")).isEqualTo("203.0.113.7");
        // every hop trusted: the leftmost address listed
        assertThat(client(twoHops, "127.0.0.1", "10.9.9.9, 10.1.2.3")).isEqualTo("10.9.9.9");
    }

    @Test
    void anEntryThatIsNotAnAddressStopsTheWalkAtTheProxyThatPassedItOn() {
        assertThat(client(NGINX_ON_LOOPBACK, "127.0.0.1", "unknown")).isEqualTo("127.0.0.1");
        assertThat(client(NGINX_ON_LOOPBACK, "127.0.0.1", "example.com")).as("never looked up").isEqualTo("127.0.0.1");
        assertThat(client(NGINX_ON_LOOPBACK, "127.0.0.1", "999.1.1.1")).isEqualTo("127.0.0.1");
    }

    @Test
    void blocksOfEitherFamilyMatchByTheirPrefix() {
        TrustedProxies blocks = TrustedProxies.parse("172.16.0.0/12,fd00::/8,::1");
        assertThat(trusts(blocks, "172.31.255.254")).isTrue();
        assertThat(trusts(blocks, "172.32.0.1")).isFalse();
        assertThat(trusts(blocks, "fd12:3456::1")).isTrue();
        assertThat(trusts(blocks, "fe80::1")).isFalse();
        assertThat(trusts(blocks, "::1")).isTrue();
        assertThat(trusts(blocks, "127.0.0.1")).isFalse();
        assertThat(client(blocks, "::1", "[2001:db8::5]")).isEqualTo("2001:db8:0:0:0:0:0:5");
        assertThat(blocks).hasToString("172.16.0.0/12,fd00::/8,::1");
    }

    @Test
    void aBadEntryIsNamed() {
        assertThatThrownBy(() -> TrustedProxies.parse("127.0.0.1,nginx"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an IP address or CIDR block (like 10.0.0.0/8) is expected, got \"nginx\"");
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33"))
                .hasMessage("the prefix length of \"10.0.0.0/33\" must be from 0 to 32");
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/x")).hasMessageContaining("must be from 0 to 32");
    }

    private static String client(TrustedProxies proxies, String peer, String... forwardedFor) {
        return proxies.client(address(peer), List.of(forwardedFor)).getHostAddress();
    }

    private static boolean trusts(TrustedProxies proxies, String address) {
        return proxies.trusts(address(address));
    }

    private static InetAddress address(String literal) {
        InetAddress a = TrustedProxies.literal(literal);
        assertThat(a).as(literal).isNotNull();
        return a;
    }
}
