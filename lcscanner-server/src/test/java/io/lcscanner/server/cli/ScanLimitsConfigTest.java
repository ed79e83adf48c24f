package io.lcscanner.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcscanner.server.UsageException;
import io.lcscanner.server.http.ServerConfig;
import io.lcscanner.server.scan.ScanLimits;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scan limits from the environment and the flags, with the defaults the README gives. */
class ScanLimitsConfigTest {
    private static final String[] NO_ARGS = {};

    @Test
    void defaultsFollowTheSlotsAndTheQueue() {
        ScanLimits l = ServeOptions.from(Map.of(), NO_ARGS).scanLimits();
        assertThat(l).isEqualTo(new ScanLimits(1_000_000, 64, 2, 50, 500, null));
        ScanLimits one = ServeOptions.from(Map.of("MAX_CONCURRENT_SCANS", "1", "MAX_QUEUED_SCANS", "7"), NO_ARGS).scanLimits();
        assertThat(one.maxScansPerClient()).isEqualTo(1);
        assertThat(one.maxQueuedPerClient()).isEqualTo(3);
    }

    @Test
    void environmentThenFlags() {
        Map<String, String> env = Map.of("SCANNER_MAX_HITS", "2000000", "SCANNER_MAX_COLUMNS", "100",
                "SCANNER_MAX_SCANS_PER_CLIENT", "3", "SCANNER_MAX_QUEUED_PER_CLIENT", "9", "SCANNER_MAX_STORED_SCANS", "0",
                "SCANNER_MAX_SCAN_AGE_DAYS", "30");
        assertThat(ServeOptions.from(env, NO_ARGS).scanLimits())
                .isEqualTo(new ScanLimits(2_000_000, 100, 3, 9, 0, Duration.ofDays(30)));
        ServerConfig f = ServeOptions.from(env, new String[] {"--max-hits", "10", "--max-stored-scans", "4",
                "--max-scan-age-days", "0"});
        assertThat(f.scanLimits()).isEqualTo(new ScanLimits(10, 100, 3, 9, 4, null));
        assertThat(f.toString()).contains("max_hits=10").contains("max_stored_scans=4").contains("max_scan_age=none");
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> ServeOptions.from(Map.of("SCANNER_MAX_HITS", "lots"), NO_ARGS))
                .isInstanceOf(UsageException.class).hasMessageContaining("SCANNER_MAX_HITS");
        assertThatThrownBy(() -> ServeOptions.from(Map.of("SCANNER_MAX_SCANS_PER_CLIENT", "0"), NO_ARGS))
                .isInstanceOf(UsageException.class).hasMessageContaining("SCANNER_MAX_SCANS_PER_CLIENT");
        assertThatThrownBy(() -> ServeOptions.from(Map.of(), new String[] {"--max-scan-age-days", "-1"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("--max-scan-age-days");
    }
}
