package io.lcscanner.server.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps web pages out of the API. A page the user visits can send a "simple" cross-origin POST (text/plain,
 * a form) without a CORS preflight, and a DNS-rebinding page gets its own host name pointed at 127.0.0.1 so
 * the browser lets it read the answers. So: only the configured host names are served (the Host header),
 * and a request that changes state or opens a WebSocket from a browser must come from the server's own
 * origin. Clients that send no {@code Origin} (curl, scripts) are not browsers and pass.
 */
public final class CrossSite {
    static final String DEFAULT_HOSTS = "localhost,127.0.0.1,[::1]";
    private static final String ANY = "*";

    private final Set<String> hosts;

    /** @param hosts allowed host names, as {@link #allowedHosts} returns them */
    CrossSite(Set<String> hosts) {
        this.hosts = Set.copyOf(hosts);
    }

    /**
     * The host names to serve: {@code configured} (comma-separated, {@code *} for any; the defaults when
     * {@code null}) plus the bind address.
     */
    public static Set<String> allowedHosts(String configured, String bindAddress) {
        Set<String> out = new LinkedHashSet<>();
        for (String h : (configured == null ? DEFAULT_HOSTS : configured).split(",")) {
            String name = h.trim();
            if (name.equals(ANY)) {
                out.add(ANY);
            } else if (!name.isEmpty()) {
                String n = hostName(name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name);
                if (n != null) {
                    out.add(n);
                }
            }
        }
        String bind = hostName(bindAddress.contains(":") && !bindAddress.startsWith("[") ? "[" + bindAddress + "]" : bindAddress);
        if (bind != null) {
            out.add(bind);
        }
        return out;
    }

    /** Whether a request with this {@code Host} header may be served (no header: not a browser, yes). */
    boolean hostAllowed(String hostHeader) {
        if (hostHeader == null || hosts.contains(ANY)) {
            return true;
        }
        String name = hostName(hostHeader);
        return name != null && hosts.contains(name);
    }

    /**
     * Whether a state-changing request or WebSocket upgrade with this {@code Origin} may go on: none
     * (not a browser), or exactly the origin the request was sent to.
     */
    static boolean originAllowed(String origin, String hostHeader) {
        if (origin == null) {
            return true;
        }
        if (hostHeader == null) {
            return false;
        }
        try {
            URI o = new URI(origin);
            if (!"http".equalsIgnoreCase(o.getScheme()) || o.getHost() == null || o.getRawPath() != null && !o.getRawPath().isEmpty()) {
                return false;
            }
            String host = hostName(hostHeader);
            return host != null && o.getHost().toLowerCase(Locale.ROOT).equals(host)
                    && (o.getPort() == -1 ? 80 : o.getPort()) == port(hostHeader);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The lower-case host name of {@code name[:port]} or {@code [v6][:port]}; {@code null} when malformed. */
    static String hostName(String authority) {
        String a = authority.trim().toLowerCase(Locale.ROOT);
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            return end < 0 ? null : a.substring(0, end + 1);
        }
        int colon = a.indexOf(':');
        String name = colon < 0 ? a : a.substring(0, colon);
        return name.isEmpty() || !name.matches("[a-z0-9._-]+") ? null : name;
    }

    private static int port(String authority) {
        String a = authority.trim();
        int colon = a.lastIndexOf(':');
        if (colon < 0 || a.startsWith("[") && colon < a.indexOf(']')) {
            return 80;
        }
        try {
            return Integer.parseInt(a.substring(colon + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
