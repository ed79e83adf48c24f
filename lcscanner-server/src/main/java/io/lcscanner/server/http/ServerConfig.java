package io.lcscanner.server.http;

import io.lcscanner.server.db.Database;
import io.lcscanner.server.scan.ScanLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Everything {@code serve} needs; built from the environment and the command line by the serve command.
 *
 * @param scanTimeout a Duration (not minutes) so tests can use milliseconds
 * @param apiToken    {@code null} when requests need no token
 * @param maxScanCost the most operations per bar a scanner document may be estimated to cost
 * @param clients     what clients may hold: streams, the bars span, stored scanners
 * @param database    PostgreSQL for scans and scanner documents; {@code null}: files
 * @param instanceId  this instance's name in a cluster ({@code SCANNER_INSTANCE_ID})
 * @param heartbeat   with a database: a scan whose instance gave no sign of life for this long runs again elsewhere
 * @param trustedProxies whose X-Forwarded-For names the client ({@code SCANNER_TRUSTED_PROXIES})
 */
public record ServerConfig(String host, int port, int workers, Path resultsDir, Path scannersDir, SourceConfig source,
                           String polygonApiKey,
                           int maxConcurrentScans, int maxQueuedScans, Duration scanTimeout, String apiToken,
                           Path logDir, String logLevel, Set<String> allowedHosts, long maxScanCost, ClientLimits clients,
                           ScanLimits scanLimits, Database.Config database, String instanceId, Duration heartbeat,
                           TrustedProxies trustedProxies) {

    public ServerConfig {
        if (apiToken != null && apiToken.isBlank()) {
            apiToken = null;
        }
        allowedHosts = Set.copyOf(allowedHosts);
        trustedProxies = trustedProxies == null ? TrustedProxies.NONE : trustedProxies;
    }

    /** A copy with another port (tests bind port 0). */
    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, workers, resultsDir, scannersDir, source, polygonApiKey, maxConcurrentScans,
                maxQueuedScans, scanTimeout, apiToken, logDir, logLevel, allowedHosts, maxScanCost, clients, scanLimits,
                database, instanceId, heartbeat, trustedProxies);
    }

    /** A copy with another scan timeout (tests use milliseconds). */
    public ServerConfig withScanTimeout(Duration timeout) {
        return new ServerConfig(host, port, workers, resultsDir, scannersDir, source, polygonApiKey, maxConcurrentScans,
                maxQueuedScans, timeout, apiToken, logDir, logLevel, allowedHosts, maxScanCost, clients, scanLimits,
                database, instanceId, heartbeat, trustedProxies);
    }

    /** Never shows the key or the token: this text goes to logs. */
    @Override
    public String toString() {
        return "host=" + host + " port=" + port + " workers=" + workers + " results_dir=" + resultsDir + " scanners_dir=" + scannersDir
                + " data_source=" + source.kind() + (source.csv() != null ? " csv=" + source.csv() : "")
                + " max_concurrent_scans=" + maxConcurrentScans + " max_queued_scans=" + maxQueuedScans
                + " scan_timeout=" + scanTimeout + " auth=" + (apiToken != null ? "token" : "none")
                + " polygon_key=" + (polygonApiKey != null ? "set" : "unset") + " log_dir=" + logDir
                + " log_level=" + logLevel + " max_scan_cost=" + maxScanCost + " allowed_hosts=" + String.join(",", new java.util.TreeSet<>(allowedHosts))
                + " max_streams=" + clients.maxStreams() + " max_streams_per_client=" + clients.maxStreamsPerClient()
                + " bars_max_years=" + clients.barsMaxYears() + " max_scanners=" + clients.maxScanners()
                + " max_hits=" + scanLimits.maxHits() + " max_columns=" + scanLimits.maxColumns()
                + " max_scans_per_client=" + scanLimits.maxScansPerClient()
                + " max_queued_per_client=" + scanLimits.maxQueuedPerClient() + " max_stored_scans=" + scanLimits.maxStoredScans()
                + " max_scan_age=" + (scanLimits.maxScanAge() == null ? "none" : scanLimits.maxScanAge().toDays() + "d")
                + " trusted_proxies=" + trustedProxies + " instance=" + instanceId + " store=" + (database != null ? "postgresql " + database + " heartbeat=" + heartbeat : "files");
    }
}
