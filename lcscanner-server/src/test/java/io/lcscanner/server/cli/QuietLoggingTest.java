package io.lcscanner.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** The command line's logging: warnings and errors on stderr, nothing else, no API or performance lines. */
class QuietLoggingTest {

    @Test
    void onlyWarningsAndErrorsReachStderr() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.start();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            QuietLogging.quiet(context); // the console appender binds to System.err as it starts
            context.getLogger("io.lcscanner.core.Scanner").info("progress detail");
            context.getLogger("io.lcscanner.core.Scanner").warn("a session had no data");
            context.getLogger("io.lcscanner.api").error("GET /api/health 200");
            context.getLogger("io.lcscanner.performance").warn("scan took 3 s");
            context.getLogger("io.lcscanner.polygon").error("Polygon answered 500");
        } finally {
            context.stop();
            System.setErr(original);
        }
        String err = captured.toString(StandardCharsets.UTF_8);
        assertThat(err.lines().toList()).hasSize(2);
        assertThat(err).matches("(?s)\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  i\\.l\\.core\\.Scanner - a session had no data\\R"
                + "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR i\\.lcscanner\\.polygon - Polygon answered 500\\R");
    }

    @Test
    void aLineSaysTheLocalTimeAndAnErrorsCausesButNoStackTrace() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.start();
        LocalTime before, after;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            QuietLogging.quiet(context);
            before = LocalTime.now().truncatedTo(ChronoUnit.MILLIS);
            context.getLogger("io.lcscanner.server.scan.ScanManager").error("storing results of {} failed", "scan-7",
                    new IllegalStateException("disk full", new java.io.IOException("No space left on device")));
            after = LocalTime.now();
        } finally {
            context.stop();
            System.setErr(original);
        }
        String line = captured.toString(StandardCharsets.UTF_8);
        assertThat(line).endsWith(" ERROR i.l.s.s.ScanManager - storing results of scan-7 failed: disk full"
                + ": No space left on device" + System.lineSeparator());
        assertThat(line).doesNotContain("Exception").doesNotContain("\tat ");
        LocalTime logged = LocalTime.parse(line.substring(0, 12));
        assertThat(logged).isBetween(before, after);
    }
}
