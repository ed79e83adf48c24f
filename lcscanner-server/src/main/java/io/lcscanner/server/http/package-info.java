/**
 * The Undertow server: the route table ({@link io.lcscanner.server.http.Routes#TABLE}, where a new endpoint
 * goes), its handlers and JSON bodies, auth and cross-site checks, streams, docs, the dashboard's files and
 * the metrics endpoint.
 */
package io.lcscanner.server.http;
