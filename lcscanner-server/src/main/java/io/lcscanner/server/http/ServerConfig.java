package io.lcscanner.server.http;

import io.lcscanner.server.db.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Everything {@code serve} needs; built from the environment and the command line by the serve command.
 *
 * @param scanTimeout a Duration (not minutes) so tests can use milliseconds
 * @param apiToken    {@code null} when requests need no token
 * @param database    PostgreSQL for scans and scanner documents; {@code null}: files
 * @param instanceId  this instance's name in a cluster ({@code SCANNER_INSTANCE_ID})
 * @param heartbeat   with a database: a scan whose instance gave no sign of life for this long runs again elsewhere
 */
public record ServerConfig(String host, int port, int workers, Path resultsDir, Path scannersDir, SourceConfig source,
                           String polygonApiKey,
                           int maxConcurrentScans, int maxQueuedScans, Duration scanTimeout, String apiToken,
                           Path logDir, String logLevel, Set<String> allowedHosts, Database.Config database, String instanceId, Duration heartbeat) {

    public ServerConfig {
        if (apiToken != null && apiToken.isBlank()) {
            apiToken = null;
        }
        allowedHosts = Set.copyOf(allowedHosts);
    }

    /** A copy with another port (tests bind port 0). */
    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, workers, resultsDir, scannersDir, source, polygonApiKey, maxConcurrentScans,
                maxQueuedScans, scanTimeout, apiToken, logDir, logLevel, allowedHosts, database, instanceId, heartbeat);
    }

    /** Never shows the key or the token: this text goes to logs. */
    @Override
    public String toString() {
        return "host=" + host + " port=" + port + " workers=" + workers + " results_dir=" + resultsDir + " scanners_dir=" + scannersDir
                + " data_source=" + source.kind() + (source.csv() != null ? " csv=" + source.csv() : "")
                + " max_concurrent_scans=" + maxConcurrentScans + " max_queued_scans=" + maxQueuedScans
                + " scan_timeout=" + scanTimeout + " auth=" + (apiToken != null ? "token" : "none")
                + " polygon_key=" + (polygonApiKey != null ? "set" : "unset") + " log_dir=" + logDir
                + " log_level=" + logLevel + " allowed_hosts=" + String.join(",", new java.util.TreeSet<>(allowedHosts))
                + " instance=" + instanceId + " store=" + (database != null ? "postgresql " + database + " heartbeat=" + heartbeat : "files");
    }
}
