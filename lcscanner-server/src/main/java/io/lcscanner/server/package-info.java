/**
 * The server module's entry point ({@link io.lcscanner.server.Main}) and what its packages share: the one
 * JSON mapper ({@link io.lcscanner.server.Json}), failures in words for clients
 * ({@link io.lcscanner.server.Problems}) and refused requests ({@link io.lcscanner.server.ApiException}).
 * The command line is in {@code cli}, the HTTP server in {@code http}, scan management in {@code scan}.
 */
package io.lcscanner.server;
