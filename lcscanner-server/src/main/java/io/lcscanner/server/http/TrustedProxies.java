package io.lcscanner.server.http;

import io.lcscanner.server.Problems;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The proxies whose {@code X-Forwarded-For} is believed ({@code SCANNER_TRUSTED_PROXIES}: addresses and CIDR blocks),
 * so that behind nginx each client gets its own share of scans and streams instead of all sharing the proxy's.
 *
 * <p>The client is found from the right: the connection's peer, then each address the header lists before it, as
 * long as the address reached so far is a trusted proxy. A client can put anything at the header's start, but a
 * proxy appends the address it saw, so the first untrusted address from the right is the one that connected to
 * the outermost proxy. An entry that is not an IP address stops the walk at the proxy that passed it on. Nothing
 * here looks a name up.
 */
public final class TrustedProxies {
    /** No proxy trusted: the peer is the client. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of(), "");

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");

    /** A block of addresses: the first {@code bits} bits of {@code prefix}. */
    private record Block(byte[] prefix, int bits) {
        boolean contains(InetAddress a) {
            byte[] x = a.getAddress();
            if (x.length != prefix.length) {
                return false;
            }
            int full = bits / 8, rest = bits % 8;
            for (int i = 0; i < full; i++) {
                if (x[i] != prefix[i]) {
                    return false;
                }
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return rest == 0 || (x[full] & mask) == (prefix[full] & mask);
        }
    }

    private final List<Block> blocks;
    private final String text;

    private TrustedProxies(List<Block> blocks, String text) {
        this.blocks = blocks;
        this.text = text;
    }

    /**
     * Parses a comma-separated list of IP addresses and CIDR blocks ({@code 127.0.0.1,10.0.0.0/8,::1}); blank means
     * none.
     *
     * @throws IllegalArgumentException naming the entry that is neither
     */
    public static TrustedProxies parse(String list) {
        if (list == null || list.isBlank()) {
            return NONE;
        }
        List<Block> blocks = new ArrayList<>();
        for (String raw : list.split(",")) {
            String entry = raw.trim();
            int slash = entry.indexOf('/');
            InetAddress address = literal(slash < 0 ? entry : entry.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("an IP address or CIDR block (like 10.0.0.0/8) is expected, got "
                        + Problems.quote(entry));
            }
            int max = address.getAddress().length * 8, bits = max;
            if (slash >= 0) {
                String suffix = entry.substring(slash + 1);
                bits = suffix.matches("\\d{1,3}") ? Integer.parseInt(suffix) : -1;
                if (bits < 0 || bits > max) {
                    throw new IllegalArgumentException("the prefix length of " + Problems.quote(entry)
                            + " must be from 0 to " + max);
                }
            }
            blocks.add(new Block(address.getAddress(), bits));
        }
        return new TrustedProxies(List.copyOf(blocks), list.trim());
    }

    boolean trusts(InetAddress a) {
        for (Block b : blocks) {
            if (b.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client of a request from {@code peer} carrying {@code forwardedFor} (the X-Forwarded-For values in order,
     * null if none).
     */
    InetAddress client(InetAddress peer, List<String> forwardedFor) {
        if (peer == null || forwardedFor == null || !trusts(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String value : forwardedFor) {
            hops.addAll(Arrays.asList(value.split(",")));
        }
        InetAddress client = peer;
        for (int i = hops.size() - 1; i >= 0 && trusts(client); i--) {
            InetAddress hop = literal(hops.get(i).trim());
            if (hop == null) {
                break;
            }
            client = hop;
        }
        return client;
    }

    /** An IPv4 or IPv6 literal ({@code [::1]} too), or null; never a name lookup. */
    static InetAddress literal(String s) {
        String t = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        try {
            if (IPV4.matcher(t).matches()) {
                byte[] b = new byte[4];
                String[] parts = t.split("\\.");
                for (int i = 0; i < 4; i++) {
                    int v = Integer.parseInt(parts[i]);
                    if (v > 255) {
                        return null;
                    }
                    b[i] = (byte) v;
                }
                return InetAddress.getByAddress(b);
            }
            // in brackets, the JDK parses an IPv6 literal or refuses it; it never looks it up as a name
            return IPV6.matcher(t).matches() ? InetAddress.getByName("[" + t + "]") : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** As configured, for the start-up line. */
    @Override
    public String toString() {
        return text.isEmpty() ? "none" : text;
    }
}
