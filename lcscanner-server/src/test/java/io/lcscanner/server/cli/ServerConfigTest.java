package io.lcscanner.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcscanner.server.UsageException;
import io.lcscanner.server.http.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerConfigTest {
    private static final String[] NO_ARGS = new String[0];

    @Test
    void defaults() {
        ServerConfig c = ServeOptions.from(Map.of(), NO_ARGS);
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8000);
        assertThat(c.workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(c.resultsDir()).isEqualTo(Path.of("scan_results"));
        assertThat(c.scannersDir()).isEqualTo(Path.of("scanners"));
        assertThat(c.source().kind()).isEqualTo("synthetic");
        assertThat(c.maxConcurrentScans()).isEqualTo(3);
        assertThat(c.maxQueuedScans()).isEqualTo(100);
        assertThat(c.scanTimeout()).isEqualTo(Duration.ofMinutes(60));
        assertThat(c.apiToken()).isNull();
        assertThat(c.logDir()).isEqualTo(Path.of("logs"));
        assertThat(c.logLevel()).isEqualTo("INFO");
        assertThat(c.clients()).isEqualTo(new io.lcscanner.server.http.ClientLimits(1000, 20, 5, 500));
    }

    @Test
    void clientLimitsFromTheEnvironmentThenFlags() {
        Map<String, String> env = Map.of("SCANNER_MAX_STREAMS", "50", "SCANNER_MAX_STREAMS_PER_CLIENT", "4",
                "SCANNER_BARS_MAX_YEARS", "2", "SCANNER_MAX_SCANNERS", "10");
        assertThat(ServeOptions.from(env, NO_ARGS).clients())
                .isEqualTo(new io.lcscanner.server.http.ClientLimits(50, 4, 2, 10));
        assertThat(ServeOptions.from(env, new String[] {"--max-scanners", "0", "--bars-max-years", "3"}).clients())
                .isEqualTo(new io.lcscanner.server.http.ClientLimits(50, 4, 3, 0));
        assertThatThrownBy(() -> ServeOptions.from(Map.of("SCANNER_MAX_STREAMS", "0"), NO_ARGS))
                .hasMessageContaining("SCANNER_MAX_STREAMS");
    }

    @Test
    void environmentThenFlags() {
        Map<String, String> env = Map.ofEntries(Map.entry("SCANNER_HOST", "0.0.0.0"), Map.entry("SCANNER_PORT", "9000"),
                Map.entry("SCANNER_WORKERS", "3"), Map.entry("SCANNER_RESULTS_DIR", "/data/r"),
                Map.entry("SCANNER_SCANNERS_DIR", "/data/s"),
                Map.entry("MAX_CONCURRENT_SCANS", "5"), Map.entry("SCAN_TIMEOUT_MINUTES", "0.5"),
                Map.entry("SCANNER_DATA_SOURCE", "csv"), Map.entry("SCANNER_CSV_PATH", "/data/bars.csv"),
                Map.entry("SCANNER_API_TOKEN", "tok"), Map.entry("SCANNER_LOG_DIR", "/var/log/x"),
                Map.entry("SCANNER_LOG_LEVEL", "debug"));
        ServerConfig c = ServeOptions.from(env, NO_ARGS);
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(9000);
        assertThat(c.workers()).isEqualTo(3);
        assertThat(c.resultsDir()).isEqualTo(Path.of("/data/r"));
        assertThat(c.scannersDir()).isEqualTo(Path.of("/data/s"));
        assertThat(c.maxConcurrentScans()).isEqualTo(5);
        assertThat(c.scanTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.source().kind()).isEqualTo("csv");
        assertThat(c.source().csv()).isEqualTo(Path.of("/data/bars.csv"));
        assertThat(c.apiToken()).isEqualTo("tok");
        assertThat(c.logLevel()).isEqualTo("DEBUG");

        ServerConfig f = ServeOptions.from(env, new String[] {"--host", "127.0.0.2", "--port=9100", "--workers", "1",
                "--results-dir", "r2", "--scanners-dir", "s2", "--data-source", "synthetic", "--seed", "7", "--tickers", "99",
                "--max-concurrent-scans", "2", "--scan-timeout-minutes", "2", "--log-dir", "l2", "--log-level", "warn"});
        assertThat(f.host()).isEqualTo("127.0.0.2");
        assertThat(f.port()).isEqualTo(9100);
        assertThat(f.workers()).isEqualTo(1);
        assertThat(f.resultsDir()).isEqualTo(Path.of("r2"));
        assertThat(f.scannersDir()).isEqualTo(Path.of("s2"));
        assertThat(f.source().kind()).isEqualTo("synthetic");
        assertThat(f.source().seed()).isEqualTo(7);
        assertThat(f.source().tickers()).isEqualTo(99);
        assertThat(f.maxConcurrentScans()).isEqualTo(2);
        assertThat(f.scanTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(f.logDir()).isEqualTo(Path.of("l2"));
        assertThat(f.logLevel()).isEqualTo("WARN");
    }

    @Test
    void polygonIsTheDefaultWithAKeyAndTheKeyIsNeverPrinted() {
        ServerConfig c = ServeOptions.from(Map.of("POLYGON_API_KEY", "pk_SECRET", "SCANNER_API_TOKEN", "tk_SECRET"), NO_ARGS);
        assertThat(c.source().kind()).isEqualTo("polygon");
        assertThat(c.toString()).doesNotContain("pk_SECRET").doesNotContain("tk_SECRET");
        assertThat(ServeOptions.from(Map.of("POLYGON_API_KEY", "k"), new String[] {"--csv", "b.csv"}).source().kind())
                .isEqualTo("csv");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "SCANNER_PORT, abc", "SCANNER_PORT, 70000", "SCANNER_WORKERS, 0", "MAX_CONCURRENT_SCANS, 0",
            "MAX_QUEUED_SCANS, -1", "SCAN_TIMEOUT_MINUTES, 0", "SCAN_TIMEOUT_MINUTES, soon", "SCANNER_LOG_LEVEL, loud",
            "SCANNER_DATA_SOURCE, yahoo", "SCANNER_DATA_SOURCE, csv", "SCANNER_DATA_SOURCE, polygon",
            "SCANNER_TRUSTED_PROXIES, nginx", "SCANNER_TRUSTED_PROXIES, 10.0.0.0/33", "SCANNER_TRUSTED_PROXIES, 300.1.1.1"})
    void invalidEnvironmentNamesTheVariable(String name, String value) {
        assertThatThrownBy(() -> ServeOptions.from(Map.of(name, value), NO_ARGS))
                .isInstanceOf(UsageException.class)
                .message().satisfiesAnyOf(
                        m -> assertThat(m).startsWith(name + ":"),
                        m -> assertThat(m).startsWith("SCANNER_CSV_PATH:"),
                        m -> assertThat(m).startsWith("POLYGON_API_KEY:"));
    }

    @Test
    void invalidFlagsNameTheFlag() {
        assertThatThrownBy(() -> ServeOptions.from(Map.of("SCANNER_PORT", "1"), new String[] {"--port", "-5"}))
                .hasMessageStartingWith("--port:");
        assertThatThrownBy(() -> ServeOptions.from(Map.of(), new String[] {"--bogus"})).hasMessageStartingWith("--bogus:");
        assertThatThrownBy(() -> ServeOptions.from(Map.of(), new String[] {"--port"})).hasMessageStartingWith("--port:");
    }

    @Test
    void typedOptionsKeepTheirMessages() {
        assertThatThrownBy(() -> ServeOptions.from(Map.of("SCANNER_PORT", "abc"), NO_ARGS))
                .hasMessage("SCANNER_PORT: not a whole number: \"abc\"");
        assertThatThrownBy(() -> ServeOptions.from(Map.of(), new String[] {"--port", "abc"}))
                .hasMessage("--port: not a whole number: \"abc\"");
        assertThatThrownBy(() -> ServeOptions.from(Map.of("SCANNER_PORT", "70000"), NO_ARGS))
                .hasMessage("SCANNER_PORT: must be between 0 and 65535, got 70000");
        assertThatThrownBy(() -> ServeOptions.from(Map.of("SCAN_TIMEOUT_MINUTES", "soon"), NO_ARGS))
                .hasMessage("SCAN_TIMEOUT_MINUTES: not a number: \"soon\"");
        assertThatThrownBy(() -> ServeOptions.from(Map.of(), new String[] {"--log-level", "loud"}))
                .hasMessage("--log-level: must be one of trace|debug|info|warn|error, got \"loud\"");
        assertThatThrownBy(() -> ServeOptions.from(Map.of("SCANNER_DATA_SOURCE", "yahoo"), NO_ARGS))
                .hasMessage("SCANNER_DATA_SOURCE: must be one of synthetic|csv|polygon, got \"yahoo\"");
        // words in any case, numbers with _ grouping, blank variables unset, as before the options were typed
        ServerConfig c = ServeOptions.from(Map.of("SCANNER_LOG_LEVEL", "Warn", "SCANNER_DATA_SOURCE", "SYNTHETIC",
                "SCANNER_MAX_HITS", "2_000_000", "SCANNER_HOST", "  ", "SCANNER_PORT", " 9001 "), NO_ARGS);
        assertThat(c.logLevel()).isEqualTo("WARN");
        assertThat(c.source().kind()).isEqualTo("synthetic");
        assertThat(c.scanLimits().maxHits()).isEqualTo(2_000_000);
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(9001);
    }

    @Test
    void aFlagWinsOverABadVariable() {
        ServerConfig c = ServeOptions.from(Map.of("SCANNER_PORT", "abc", "SCANNER_LOG_LEVEL", "loud"),
                new String[] {"--port", "9002", "--log-level=error"});
        assertThat(c.port()).isEqualTo(9002);
        assertThat(c.logLevel()).isEqualTo("ERROR");
    }

    @Test
    void onlyTheVariablesTheOptionsNameAreRead() {
        // an unrelated variable spelled like an option's name ("seed", "port") is no default
        ServerConfig c = ServeOptions.from(Map.of("seed", "7", "port", "1", "serve.SCANNER_PORT", "2"), NO_ARGS);
        assertThat(c.source().seed()).isEqualTo(42);
        assertThat(c.port()).isEqualTo(8000);
    }

    @Test
    void helpShowsTheDefaultsOnce() {
        String help = ServeOptions.help(120);
        assertThat(help).contains("[SCANNER_PORT, default 8000]").contains("[SCANNER_LOG_LEVEL, default info]")
                .contains("[SCANNER_MAX_HITS, default 1000000]").contains("synthetic market seed (default 42)")
                .doesNotContain("${");
    }

    private static int serve(Map<String, String> env, StringBuilder err, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int code = new ServeCommand(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                env).run(args);
        err.append(e.toString(StandardCharsets.UTF_8)).append(o.toString(StandardCharsets.UTF_8));
        return code;
    }

    @Test
    void serveStopsWithExitTwoOnBadConfiguration() {
        StringBuilder err = new StringBuilder();
        assertThat(serve(Map.of("SCANNER_PORT", "x"), err)).isEqualTo(2);
        assertThat(err).contains("SCANNER_PORT");

        err.setLength(0);
        assertThat(serve(Map.of("SCANNER_DATA_SOURCE", "csv", "SCANNER_CSV_PATH", "/no/such/file.csv"), err)).isEqualTo(2);
        assertThat(err).contains("no such file");

        err.setLength(0);
        assertThat(serve(Map.of("POLYGON_API_KEY", "pk_SECRET", "POLYGON_MAX_REQUESTS_PER_MINUTE", "lots"), err)).isEqualTo(2);
        assertThat(err.toString()).contains("POLYGON_MAX_REQUESTS_PER_MINUTE").doesNotContain("pk_SECRET");

        err.setLength(0);
        assertThat(serve(Map.of(), err, "--help")).isZero();
        assertThat(err).contains("--max-concurrent-scans").contains("SCANNER_API_TOKEN");
    }
}
