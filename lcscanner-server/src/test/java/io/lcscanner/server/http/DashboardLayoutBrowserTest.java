package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.Golden;
import io.lcscanner.core.source.CsvBarSource;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

/**
 * The hits' layout in a real browser, on an LC scan with outcomes in a short window: the chart shows the first hit
 * at once, ticker and date stay put when the table scrolls sideways, and a deep link to a hit brings its row and
 * chart into view although the outcome summary sits above them.
 */
@Tag("slow")
class DashboardLayoutBrowserTest {

    @Test
    void firstHitChartedStickyKeysAndDeepLinksInView(@TempDir Path dir) throws Exception {
        Browser.assumeInstalled();
        try (TestServer server = TestServer.start(dir.resolve("results"), new CsvBarSource(Golden.file("bars.csv")));
             Browser browser = new Browser(dir.resolve("profile"))) {
            String id = server.execute("{\"start_date\":\"2024-07-01\",\"end_date\":\"2025-10-31\",\"outcomes\":true}");
            assertThat(server.awaitFinal(id, java.time.Duration.ofSeconds(60)).path("status").asText()).isEqualTo("completed");
            browser.driver.manage().window().setSize(new Dimension(1400, 800)); // a laptop: table and chart side by side

            // no hit in the address: the chart shows the first one, nothing is selected, the address stays the scan's
            browser.open(server.base.resolve("/#/scan/" + id));
            WebElement chart = browser.waitFor("the first hit's chart", d -> {
                WebElement c = browser.byTestId("chart");
                return "ready".equals(c.getDomAttribute("data-state")) ? c : null;
            });
            assertThat(chart.getDomAttribute("data-ticker")).isEqualTo("KK");
            assertThat(chart.getDomAttribute("data-hit-date")).isEqualTo("2024-07-02");
            assertThat(browser.hash()).isEqualTo("#/scan/" + id);
            assertThat(browser.driver.findElements(By.cssSelector("tbody tr[aria-selected='true']"))).isEmpty();

            // sideways: the ticker and date cells stay at the table's left edge, the others move
            @SuppressWarnings("unchecked")
            Map<String, Object> moved = (Map<String, Object>) browser.driver.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
                    const wrap = document.querySelector('.table-wrap');
                    wrap.querySelector('table').style.minWidth = '2400px'; // wider than any window, whatever the preset
                    const cell = c => wrap.querySelector(`tbody tr td[data-col="${c}"]`).getBoundingClientRect().left;
                    frame().then(() => {
                      const before = {ticker: cell('ticker'), date: cell('date'), tier: cell('parabolic_tier')};
                      wrap.scrollLeft = 300;
                      done({scrolled: wrap.scrollLeft, tickerShift: cell('ticker') - before.ticker,
                        dateShift: cell('date') - before.date, tierShift: cell('parabolic_tier') - before.tier,
                        dateOverTicker: cell('date') >= cell('ticker') + 10});
                    });
                    """);
            assertThat(((Number) moved.get("scrolled")).intValue()).isEqualTo(300);
            assertThat(((Number) moved.get("tickerShift")).doubleValue()).isZero();
            assertThat(((Number) moved.get("dateShift")).doubleValue()).isZero();
            assertThat(((Number) moved.get("tierShift")).doubleValue()).isEqualTo(-300);
            assertThat(moved.get("dateOverTicker")).isEqualTo(true);

            // a deep link to a late hit: row and chart in the window, below the summary
            String last = "#/scan/" + id + "/hit/";
            var golden = BarsEndpointTest.goldenHits("expected_hits.csv");
            Map<String, String> hit = golden.get(golden.size() - 1);
            browser.open(server.base.resolve("/" + last + hit.get("ticker") + "/" + hit.get("date")));
            browser.waitFor("the deep-linked chart", d -> {
                WebElement c = browser.byTestId("chart");
                return "ready".equals(c.getDomAttribute("data-state")) && hit.get("ticker").equals(c.getDomAttribute("data-ticker"))
                        && hit.get("date").equals(c.getDomAttribute("data-hit-date"));
            });
            browser.waitFor("the summary above", d -> browser.byTestId("summary").isDisplayed());
            @SuppressWarnings("unchecked")
            Map<String, Object> view = (Map<String, Object>) browser.script("""
                    const row = document.querySelector("tbody tr[aria-selected='true']").getBoundingClientRect();
                    const chart = document.querySelector("[data-testid='chart']").getBoundingClientRect();
                    const summary = document.querySelector("[data-testid='summary']").getBoundingClientRect();
                    return {height: innerHeight, rowTop: row.top, rowBottom: row.bottom, chartTop: chart.top,
                      summaryBottom: summary.bottom, scrollY: scrollY};
                    """);
            double height = ((Number) view.get("height")).doubleValue();
            assertThat(((Number) view.get("rowTop")).doubleValue()).isBetween(0.0, height);
            assertThat(((Number) view.get("rowBottom")).doubleValue()).isBetween(0.0, height);
            assertThat(((Number) view.get("chartTop")).doubleValue()).isBetween(0.0, height - 100);
            assertThat(((Number) view.get("scrollY")).doubleValue()).as("the page scrolled past the summary").isPositive();
            browser.assertCleanConsole();
        }
    }
}
