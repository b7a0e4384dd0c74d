package dev.syncio.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The client's address behind trusted reverse proxies: when the TCP peer is one of them, the
 * right-most address of {@code X-Forwarded-For} that is not itself a trusted proxy (each proxy
 * appends the address it saw, so entries left of the last trusted one may be forged by the
 * client). Without trusted proxies, or from any other peer, the header is ignored: a client
 * cannot choose its own address. Only IP literals count; nothing here resolves a name.
 */
final class ClientAddress {

    /** An address range: an address and how many leading bits must match. */
    private record Range(byte[] network, int bits) {
        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (candidate[full] & mask) == (network[full] & mask);
        }
    }

    /** Longest header value looked at; a longer one is judged by its last part only. */
    private static final int MAX_HEADER = 4096;

    private final List<Range> trusted;

    /**
     * @param trustedProxies IP addresses ({@code 10.0.0.5}, {@code ::1}) or ranges in CIDR
     *                       notation ({@code 10.0.0.0/8}); empty for none
     * @throws IllegalArgumentException for anything else (a host name is refused: no DNS here)
     */
    ClientAddress(Collection<String> trustedProxies) {
        List<Range> ranges = new ArrayList<>();
        for (String proxy : trustedProxies) {
            ranges.add(range(proxy));
        }
        this.trusted = List.copyOf(ranges);
    }

    /** Whether {@code peer} is a trusted proxy (its connections are then not limited per address). */
    boolean trusted(InetAddress peer) {
        if (peer == null) {
            return false;
        }
        for (Range range : trusted) {
            if (range.contains(peer)) {
                return true;
            }
        }
        return false;
    }

    /** The client's address for a request from {@code peer} with this {@code X-Forwarded-For} (or null). */
    InetSocketAddress of(InetSocketAddress peer, String forwardedFor) {
        if (forwardedFor == null || trusted.isEmpty() || !trusted(peer.getAddress())) {
            return peer;
        }
        String header = forwardedFor.length() > MAX_HEADER
                ? forwardedFor.substring(forwardedFor.length() - MAX_HEADER) : forwardedFor;
        String[] hops = header.split(",");
        InetAddress client = null;
        for (int i = hops.length - 1; i >= 0; i--) {
            InetAddress hop = literal(hops[i].trim());
            if (hop == null) {
                break; // garbage: what is left of it cannot be trusted either
            }
            client = hop;
            if (!trusted(hop)) {
                break;
            }
        }
        return client == null ? peer : new InetSocketAddress(client, 0);
    }

    private static Range range(String text) {
        String spec = text == null ? "" : text.trim();
        int slash = spec.indexOf('/');
        InetAddress address = literal(slash < 0 ? spec : spec.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("a trusted proxy is an IP address or a CIDR range, was '" + text + "'");
        }
        int max = address.getAddress().length * 8;
        int bits = max;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(spec.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > max) {
                throw new IllegalArgumentException("bad prefix length in trusted proxy '" + text + "'");
            }
        }
        return new Range(address.getAddress(), bits);
    }

    private static boolean dottedQuad(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** An IPv4 or IPv6 literal, or null: never a name lookup. */
    static InetAddress literal(String text) {
        if (text.isEmpty() || text.length() > 45) {
            return null;
        }
        boolean v6 = text.indexOf(':') >= 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '.' || (v6 && (c == ':' || (c >= 'a' && c <= 'f')
                    || (c >= 'A' && c <= 'F')));
            if (!ok) {
                return null;
            }
        }
        if (!v6 && !dottedQuad(text)) {
            return null; // getByName would take anything else for a host name and look it up
        }
        try {
            return InetAddress.getByName(text); // a literal: parsed, not resolved
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
