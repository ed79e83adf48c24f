package io.lcscanner.server.http;

import io.lcscanner.core.synthetic.SyntheticMarket;
import io.lcscanner.server.fixtures.Nginx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Two server instances, {@code a} and {@code b}, behind Debian's nginx on the repository's configuration. Each scans
 * a synthetic market of 100 tickers at 40 ms a ticker: on 2 workers a scan of about 2 s that reports progress all
 * along.
 */
final class TwoInstances implements AutoCloseable {
    final TestServer a;
    final TestServer b;
    final Nginx nginx;

    private TwoInstances(TestServer a, TestServer b, Nginx nginx) {
        this.a = a;
        this.b = b;
        this.nginx = nginx;
    }

    /**
     * @param dir the instances' results go to {@code dir/a} and {@code dir/b}
     * @param env each instance's extra environment, by its name ("a" or "b")
     */
    static TwoInstances start(Path dir, Function<String, Map<String, String>> env) throws Exception {
        TestServer a = null;
        TestServer b = null;
        try {
            a = instance(dir, "a", env);
            b = instance(dir, "b", env);
            return new TwoInstances(a, b, Nginx.start(List.of("127.0.0.1:" + a.base.getPort(), "127.0.0.1:" + b.base.getPort())));
        } catch (Exception | Error e) {
            closeAll(null, a, b);
            throw e;
        }
    }

    /** The instances' market (without the delay), for a server that scans it alone to compare with. */
    static SyntheticMarket market() {
        return new SyntheticMarket(11, 100);
    }

    private static TestServer instance(Path dir, String name, Function<String, Map<String, String>> env) throws Exception {
        // as in production: nginx (here on loopback) is the proxy whose X-Forwarded-For names the client
        Map<String, String> all = new java.util.HashMap<>(Map.of("SCANNER_TRUSTED_PROXIES", "127.0.0.1"));
        all.putAll(env.apply(name));
        return TestServer.start(dir.resolve(name), new SlowSource(market(), 40), all, Duration.ofMinutes(5));
    }

    @Override
    public void close() {
        closeAll(nginx, a, b);
    }

    private static void closeAll(Nginx nginx, TestServer a, TestServer b) {
        if (nginx != null) {
            nginx.close();
        }
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }
}
