package io.lcscanner.server.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server in a child JVM on this test's class path, for tests that need a process of its own (its peak memory, its
 * descriptor limit): started without the developer's Polygon key or API token, its address read from its output.
 */
final class ServerProcess {
    private static final Pattern LISTENING = Pattern.compile("on (http://127\\.0\\.0\\.1:\\d+) ");

    private ServerProcess() {
    }

    /** The java launcher of this JVM. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** This JVM's class path, which holds {@code io.lcscanner.server.Main} and its dependencies. */
    static String classPath() {
        return System.getProperty("java.class.path");
    }

    /** Starts {@code pb} with its error output merged into its output, and no key or token from this environment. */
    static Process start(ProcessBuilder pb) throws IOException {
        pb.redirectErrorStream(true);
        pb.environment().remove("POLYGON_API_KEY");
        pb.environment().remove("SCANNER_API_TOKEN");
        return pb.start();
    }

    /** Reads the process's output until it says where it listens; keeps draining it afterwards. */
    static String awaitListening(Process p) throws Exception {
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Matcher m = LISTENING.matcher(line);
                    if (!url.isDone() && line.startsWith("lcscanner: serving") && m.find()) {
                        url.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                // process gone
            }
            url.completeExceptionally(new AssertionError("the server exited before listening"));
        }, "server-output");
        t.setDaemon(true);
        t.start();
        return url.get(60, TimeUnit.SECONDS);
    }

    /** Asks the process to end (its shutdown hook runs), and kills it if it has not ended after {@code seconds}. */
    static void stop(Process p, long seconds) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }
}
