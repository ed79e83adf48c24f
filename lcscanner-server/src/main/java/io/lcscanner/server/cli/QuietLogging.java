package io.lcscanner.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * The command line's and the library's default logging, set up in code: warnings and errors on stderr,
 * the API and performance logs off, no files ({@code serve} switches to {@code logback-server.xml}). Logback
 * finds it through the service loader before it would look for an XML file: reading XML costs a fresh JVM
 * 0.15–0.3 s, a large part of a one-shot scan's start-up. A {@code logback-test.xml} on the class path or a
 * {@code -Dlogback.configurationFile} still wins.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class QuietLogging extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || QuietLogging.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        quiet(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Warnings and errors on stderr; the API and performance logs off. */
    static void quiet(LoggerContext context) {
        LineLayout layout = new LineLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        context.getLogger("io.lcscanner.api").setLevel(Level.OFF);
        context.getLogger("io.lcscanner.performance").setLevel(Level.OFF);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
    }

    /**
     * {@code 14:03:07.512 WARN  i.l.core.Scanner - message}: what the pattern {@code %d{HH:mm:ss.SSS} %-5level
     * %logger{20} - %msg%n} prints, written by hand because logback's pattern compiler alone loads some 200 classes,
     * a tenth of a one-shot scan's start-up. A throwable adds its message, not a stack trace: this is a terminal.
     */
    static final class LineLayout extends LayoutBase<ILoggingEvent> {
        private final TargetLengthBasedClassNameAbbreviator abbreviator = new TargetLengthBasedClassNameAbbreviator(20);

        @Override
        public String doLayout(ILoggingEvent event) {
            LocalTime time = LocalTime.ofInstant(Instant.ofEpochMilli(event.getTimeStamp()), ZoneId.systemDefault());
            StringBuilder line = new StringBuilder(96);
            two(line, time.getHour()).append(':');
            two(line, time.getMinute()).append(':');
            two(line, time.getSecond()).append('.');
            int millis = time.getNano() / 1_000_000;
            line.append(millis < 100 ? millis < 10 ? "00" : "0" : "").append(millis).append(' ');
            String level = event.getLevel().toString();
            line.append(level).append(" ".repeat(Math.max(0, 5 - level.length()))).append(' ');
            line.append(abbreviator.abbreviate(event.getLoggerName())).append(" - ").append(event.getFormattedMessage());
            for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
                if (cause.getMessage() != null) {
                    line.append(": ").append(cause.getMessage());
                }
            }
            return line.append(System.lineSeparator()).toString();
        }

        private static StringBuilder two(StringBuilder line, int value) {
            return line.append(value < 10 ? "0" : "").append(value);
        }
    }
}
