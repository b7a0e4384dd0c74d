package dev.syncio.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private static final InetSocketAddress PROXY = new InetSocketAddress("10.0.0.5", 40_000);
    private static final InetSocketAddress STRANGER = new InetSocketAddress("198.51.100.7", 40_000);

    private static String of(ClientAddress addresses, InetSocketAddress peer, String header) {
        return addresses.of(peer, header).getAddress().getHostAddress();
    }

    @Test
    void aTrustedProxysHeaderNamesTheClientTheRightMostUntrustedHop() {
        ClientAddress addresses = new ClientAddress(List.of("10.0.0.0/8"));
        assertEquals("203.0.113.9", of(addresses, PROXY, "203.0.113.9"));
        assertEquals("203.0.113.9", of(addresses, PROXY, "1.2.3.4, 203.0.113.9, 10.1.2.3"),
                "left of the first untrusted hop may be forged by the client");
        assertEquals("1.2.3.4", of(addresses, PROXY, "1.2.3.4, 10.9.9.9"), "all proxies: the left-most");
    }

    @Test
    void anyOtherPeersHeaderIsIgnored() {
        ClientAddress addresses = new ClientAddress(List.of("10.0.0.0/8"));
        assertEquals("198.51.100.7", of(addresses, STRANGER, "203.0.113.9"));
        assertEquals("10.0.0.5", of(new ClientAddress(List.of()), PROXY, "203.0.113.9"), "no trusted proxies");
        assertEquals("10.0.0.5", of(addresses, PROXY, null), "no header");
    }

    @Test
    void garbageInTheHeaderStopsTheWalk() {
        ClientAddress addresses = new ClientAddress(List.of("10.0.0.5"));
        assertEquals("10.0.0.5", of(addresses, PROXY, "evil.example.com"), "a name is never looked up");
        assertEquals("203.0.113.9", of(addresses, PROXY, "999.1.1.1, 203.0.113.9"));
        assertEquals("2001:db8:0:0:0:0:0:1", of(addresses, PROXY, "2001:db8::1"));
    }

    @Test
    void rangesMatchByPrefixAndFamily() throws Exception {
        ClientAddress addresses = new ClientAddress(List.of("192.168.4.0/22", "::1"));
        assertTrue(addresses.trusted(InetAddress.getByName("192.168.7.255")));
        assertFalse(addresses.trusted(InetAddress.getByName("192.168.8.0")));
        assertTrue(addresses.trusted(InetAddress.getByName("::1")));
        assertFalse(addresses.trusted(InetAddress.getByName("127.0.0.1")), "IPv4 loopback is not ::1");
    }

    @Test
    void onlyLiteralsAndRangesAreAccepted() {
        for (String bad : new String[] {"proxy.internal", "10.0.0.0/33", "10.0.0/8", "", "1.2.3.4/x"}) {
            assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of(bad)), bad);
        }
        assertNull(ClientAddress.literal("256.1.1.1"));
        assertNull(ClientAddress.literal("localhost"));
    }
}
