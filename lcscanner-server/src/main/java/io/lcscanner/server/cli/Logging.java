package io.lcscanner.server.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Switches logback to the server's configuration ({@code logback-server.xml}: app, performance, api
 * and error logs under the log directory). Until then {@link QuietLogging} keeps the CLI and the library
 * quiet and writes no files.
 */
public final class Logging {
    static final String DIR_PROPERTY = "lcscanner.log.dir";
    static final String LEVEL_PROPERTY = "lcscanner.log.level";

    private Logging() {
    }

    /** Points the server logs at {@code dir}; the properties are set before logback reads its file. */
    public static void configureServer(Path dir, String level) {
        System.setProperty(DIR_PROPERTY, dir.toAbsolutePath().toString());
        System.setProperty(LEVEL_PROPERTY, level);
        load("logback-server.xml");
    }

    /** Replaces the logging configuration with the resource {@code resource}. */
    public static void load(String resource) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        URL url = Logging.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException(resource + " missing from the jar");
        }
        ctx.reset();
        JoranConfigurator jc = new JoranConfigurator();
        jc.setContext(ctx);
        try {
            jc.doConfigure(url);
        } catch (JoranException e) {
            throw new IllegalStateException("logging configuration " + resource + " is invalid: " + e.getMessage(), e);
        }
    }
}
