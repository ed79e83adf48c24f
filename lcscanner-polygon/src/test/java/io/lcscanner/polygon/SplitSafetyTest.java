package io.lcscanner.polygon;

import io.lcscanner.core.Golden;
import static io.lcscanner.polygon.PolygonBarSourceTest.assertSameBars;
import static io.lcscanner.polygon.PolygonBarSourceTest.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.BarSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A warm cache never serves adjusted prices that a split has made stale. */
class SplitSafetyTest {
    static final LocalDate FROM = LocalDate.of(2025, 6, 2);
    static final LocalDate TO = LocalDate.of(2025, 10, 31);

    @Test
    void aSplitAfterTheCacheWasFilledGivesTheBarsOfAFreshFetch(@TempDir Path cache) throws Exception {
        try (FakePolygonServer server = FakePolygonServer.fromCsv(Golden.file("bars.csv"), 5)) {
            String ticker = server.byDate.get(FROM).get(7).ticker();
            String other = server.byDate.get(FROM).get(9).ticker();
            BarSeries before;
            try (PolygonClient client = new PolygonClient(PolygonBarSourceTest.config(server, cache))) {
                before = series(new PolygonBarSource(client, PolygonBarSourceTest.MONDAY_NOON)
                        .open(FROM, TO, t -> true, BarSource.LoadListener.NONE), ticker);
            }
            server.split(ticker, LocalDate.of(2025, 11, 4), 1, 3); // executed after the cache was filled
            server.splits.add(new Split(other, LocalDate.of(2025, 12, 1), 1, 2)); // announced, not yet executed
            Clock wednesday = at(LocalDate.of(2025, 11, 5), LocalTime.NOON);

            BarSource.Window fresh;
            try (PolygonClient client = new PolygonClient(PolygonBarSourceTest.config(server, null))) {
                fresh = new PolygonBarSource(client, wednesday).open(FROM, TO, t -> true, BarSource.LoadListener.NONE);
            }
            int mark = server.requests.size();
            try (PolygonClient client = new PolygonClient(PolygonBarSourceTest.config(server, cache))) {
                BarSource.Window warm = new PolygonBarSource(client, wednesday).open(FROM, TO, t -> true, BarSource.LoadListener.NONE);
                assertSameBars(fresh, warm);
                BarSeries after = series(warm, ticker);
                assertThat(after.close()[0]).isNotEqualTo(before.close()[0]); // the split did change adjusted history
                assertThat(after.closeUa()).containsExactly(before.closeUa());
            }
            List<String> paths = server.requests.stream().skip(mark).map(FakePolygonServer.Request::path).distinct().toList();
            assertThat(paths).containsExactlyInAnyOrder("/v3/reference/splits", "/v2/aggs/ticker/" + ticker + "/range/1/day/"
                    + FROM + "/" + TO); // no grouped daily, nothing for the announced split

            mark = server.requests.size();
            try (PolygonClient client = new PolygonClient(PolygonBarSourceTest.config(server, cache))) {
                BarSource.Window third = new PolygonBarSource(client, at(LocalDate.of(2025, 11, 6), LocalTime.NOON))
                        .open(FROM, TO, t -> true, BarSource.LoadListener.NONE);
                assertSameBars(fresh, third);
            }
            assertThat(server.requests.stream().skip(mark).map(FakePolygonServer.Request::path).distinct().toList())
                    .containsExactly("/v3/reference/splits"); // the refreshed history is cached with its own as-of date
        }
    }

    @Test
    void sessionsCachedAtDifferentTimesAreAllCheckedAgainstSplits(@TempDir Path cache) throws Exception {
        try (FakePolygonServer server = FakePolygonServer.fromCsv(Golden.file("bars.csv"), 6)) {
            String ticker = server.byDate.get(FROM).get(11).ticker();
            LocalDate august = LocalDate.of(2025, 8, 1);
            try (PolygonClient client = new PolygonClient(PolygonBarSourceTest.config(server, cache))) {
                // the later sessions are cached first, before a split ...
                new PolygonBarSource(client, PolygonBarSourceTest.MONDAY_NOON).open(august, TO, t -> true, BarSource.LoadListener.NONE);
                server.split(ticker, LocalDate.of(2025, 11, 5), 2, 1);
                // ... the earlier ones after it, so the window's first cached session is not its oldest fetch
                new PolygonBarSource(client, at(LocalDate.of(2025, 11, 10), LocalTime.NOON))
                        .open(FROM, august.minusDays(1), t -> true, BarSource.LoadListener.NONE);
            }
            Clock later = at(LocalDate.of(2025, 11, 12), LocalTime.NOON);
            BarSource.Window fresh;
            try (PolygonClient client = new PolygonClient(PolygonBarSourceTest.config(server, null))) {
                fresh = new PolygonBarSource(client, later).open(FROM, TO, t -> true, BarSource.LoadListener.NONE);
            }
            int mark = server.requests.size();
            try (PolygonClient client = new PolygonClient(PolygonBarSourceTest.config(server, cache))) {
                assertSameBars(fresh, new PolygonBarSource(client, later).open(FROM, TO, t -> true, BarSource.LoadListener.NONE));
            }
            assertThat(server.requests.stream().skip(mark).filter(r -> r.path().startsWith("/v2/aggs/grouped")).count()).isZero();
        }
    }

    static BarSeries series(BarSource.Window w, String ticker) {
        for (int i = 0; i < w.tickerCount(); i++) {
            if (w.ticker(i).equals(ticker)) {
                return w.series(i);
            }
        }
        throw new AssertionError(ticker + " not in the window");
    }
}
