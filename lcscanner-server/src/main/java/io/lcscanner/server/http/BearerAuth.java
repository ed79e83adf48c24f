package io.lcscanner.server.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The API token. Clients send {@code Authorization: Bearer <token>} (the scheme in any case). A browser
 * cannot set headers on a WebSocket, so an upgrade may instead offer the subprotocols {@code lcscanner}
 * and {@code lcscanner.bearer.<token in base64url, no padding>}; the server then selects
 * {@code lcscanner}, never echoing the one that carries the token. Neither way puts the token in a URL.
 */
final class BearerAuth {
    static final String SUBPROTOCOL = "lcscanner";
    static final String TOKEN_SUBPROTOCOL_PREFIX = "lcscanner.bearer.";
    private static final String SCHEME = "bearer ";

    private final byte[] expected;

    BearerAuth(String token) {
        this.expected = digest(token);
    }

    /** @param subprotocol whether the route takes the token in a WebSocket upgrade's subprotocols too */
    boolean allows(HttpServerExchange ex, boolean subprotocol) {
        String given = fromHeader(ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
        if (given == null && subprotocol && "websocket".equalsIgnoreCase(ex.getRequestHeaders().getFirst(Headers.UPGRADE))) {
            given = fromSubprotocols(ex.getRequestHeaders().getFirst(Headers.SEC_WEB_SOCKET_PROTOCOL));
        }
        // digests of equal length compared in constant time: neither the token nor its length leaks by timing
        return given != null && MessageDigest.isEqual(digest(given), expected);
    }

    private static String fromHeader(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        return authorization.substring(SCHEME.length()).trim();
    }

    private static String fromSubprotocols(String offered) {
        if (offered == null) {
            return null;
        }
        for (String p : offered.split(",")) {
            String protocol = p.trim();
            if (protocol.startsWith(TOKEN_SUBPROTOCOL_PREFIX)) {
                try {
                    return new String(Base64.getUrlDecoder().decode(protocol.substring(TOKEN_SUBPROTOCOL_PREFIX.length())),
                            StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
