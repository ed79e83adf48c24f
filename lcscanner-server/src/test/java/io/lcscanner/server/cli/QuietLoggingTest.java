package io.lcscanner.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The command line's logging: warnings and errors on stderr, nothing else, no API or performance lines. */
class QuietLoggingTest {

    @Test
    void onlyWarningsAndErrorsReachStderr() {
        String err = stderrOf(context -> {
            context.getLogger("io.lcscanner.core.Scanner").info("progress detail");
            context.getLogger("io.lcscanner.core.Scanner").warn("a session had no data");
            context.getLogger("io.lcscanner.api").error("GET /api/health 200");
            context.getLogger("io.lcscanner.performance").warn("scan took 3 s");
            context.getLogger("io.lcscanner.polygon").error("Polygon answered 500");
        });
        assertThat(err.lines().toList()).hasSize(2);
        assertThat(err).matches("(?s)\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  i\\.l\\.core\\.Scanner - a session had no data\\R"
                + "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR i\\.lcscanner\\.polygon - Polygon answered 500\\R");
    }

    @Test
    void aLineSaysTheLocalTimeAndAnErrorsCausesButNoStackTrace() {
        LocalTime before = LocalTime.now().truncatedTo(ChronoUnit.MILLIS);
        String line = stderrOf(context -> context.getLogger("io.lcscanner.server.scan.ScanManager")
                .error("storing results of {} failed", "scan-7",
                        new IllegalStateException("disk full", new IOException("No space left on device"))));
        LocalTime after = LocalTime.now();

        assertThat(line).endsWith(" ERROR i.l.s.s.ScanManager - storing results of scan-7 failed: disk full"
                + ": No space left on device" + System.lineSeparator());
        assertThat(line).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(LocalTime.parse(line.substring(0, 12))).isBetween(before, after);
    }

    /** What {@code logging} writes to stderr through the command line's configuration. */
    private static String stderrOf(Consumer<LoggerContext> logging) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.start();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            QuietLogging.quiet(context); // the console appender binds to System.err as it starts
            logging.accept(context);
        } finally {
            context.stop();
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
