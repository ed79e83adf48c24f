package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.Golden;
import io.lcscanner.core.source.CsvBarSource;
import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.ScanResult;
import io.lcscanner.core.Scanner;
import io.lcscanner.core.ScannerDefinition;
import io.lcscanner.server.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.junit.jupiter.api.Tag;

/**
 * The dashboard in a real browser against the real server on the golden CSV: a scan submitted from the form,
 * its progress, the 38 golden hits in the table, sorting and filtering, the chart of a hit, ↑/↓, the deep
 * links after a reload, the history, a reload during a running scan, the token, ReDoc, and the page's weight.
 * The tests run in order and share one browser and one scan.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    private static final Duration SCAN_WAIT = Duration.ofSeconds(60);
    private static final Pattern SCAN_HASH = Pattern.compile("#/scan/(scan_\\d{8}_\\d{6}_[0-9a-f]{8})");

    Path dir;
    TestServer server;
    Browser browser;
    List<Map<String, String>> golden;
    String scanId;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        Browser.assumeInstalled();
        this.dir = dir;
        golden = BarsEndpointTest.goldenHits("expected_hits.csv");
        server = TestServer.start(dir.resolve("results"), new CsvBarSource(Golden.file("bars.csv")));
        browser = new Browser(dir.resolve("profile"));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void drainConsole() {
        browser.console();
    }

    private List<WebElement> rows() {
        return browser.byTestId("hits-table").findElements(By.cssSelector("tbody tr"));
    }

    private List<String> column(String name) {
        // one script call: reading 38 cells one by one would cost a round trip each
        @SuppressWarnings("unchecked")
        List<String> cells = (List<String>) browser.script("return [...document.querySelectorAll("
                + "\"[data-testid='hits-table'] tbody td[data-col='\" + arguments[0] + \"']\")].map(td => td.textContent)", name);
        return cells;
    }

    private List<String> tickerDates() {
        @SuppressWarnings("unchecked")
        List<String> keys = (List<String>) browser.script("return [...document.querySelectorAll("
                + "\"[data-testid='hits-table'] tbody tr\")].map(tr => tr.dataset.ticker + ' ' + tr.dataset.date)");
        return keys;
    }

    private WebElement awaitRows(int n) {
        browser.waitFor(n + " rows in the hits table", d -> rows().size() == n);
        return browser.byTestId("hits-table");
    }

    private WebElement awaitChart(String ticker, String date) {
        return browser.waitFor("the chart of " + ticker + " " + date, d -> {
            WebElement chart = browser.byTestId("chart");
            return "ready".equals(chart.getDomAttribute("data-state")) && ticker.equals(chart.getDomAttribute("data-ticker"))
                    && date.equals(chart.getDomAttribute("data-hit-date")) ? chart : null;
        });
    }

    private String selectedRow() {
        return (String) browser.script("const tr = document.querySelector(\"[data-testid='hits-table'] tbody tr[aria-selected='true']\");"
                + "return tr ? tr.dataset.ticker + ' ' + tr.dataset.date : null");
    }

    @Test
    @Order(1)
    void theFirstLoadWeighsUnder300KilobytesGzipped() {
        browser.open(server.base.resolve("/"));
        browser.byTestId("scan-form");
        browser.waitFor("the server line", d -> !d.findElement(By.id("server-info")).getText().isEmpty());
        @SuppressWarnings("unchecked")
        Map<String, Object> weight = (Map<String, Object>) browser.script("""
                const nav = performance.getEntriesByType('navigation')[0];
                const res = performance.getEntriesByType('resource');
                const chart = res.find(r => r.name.includes('lightweight-charts'));
                return {total: nav.transferSize + res.reduce((s, r) => s + r.transferSize, 0), files: res.length + 1,
                        chartEncoded: chart ? chart.encodedBodySize : -1, chartDecoded: chart ? chart.decodedBodySize : -1};
                """);
        long total = ((Number) weight.get("total")).longValue();
        System.out.println("dashboard first load: " + total + " bytes transferred in " + weight.get("files") + " responses");
        assertThat(total).isLessThan(300 * 1024);
        // the whole module graph came (the chart library is the biggest part), compressed
        assertThat(((Number) weight.get("chartDecoded")).longValue()).isGreaterThan(150_000);
        assertThat(((Number) weight.get("chartEncoded")).longValue())
                .isLessThan(((Number) weight.get("chartDecoded")).longValue() / 2);
        assertThat(total).isGreaterThan(((Number) weight.get("chartEncoded")).longValue());
        browser.assertCleanConsole();

        // the console is really read: a script's error and a request answered 404 both show up in it (which is
        // why the page learns from /openapi.json which optional endpoints exist instead of probing them)
        browser.driver.executeAsyncScript("console.error('probe from the test');"
                + "fetch('/api/no-such-endpoint').then(() => arguments[arguments.length - 1]())");
        List<String> seen = browser.console().stream().map(e -> e.getMessage()).toList();
        assertThat(seen).anyMatch(m -> m.contains("probe from the test")).anyMatch(m -> m.contains("/api/no-such-endpoint") && m.contains("404"));
    }

    @Test
    @Order(2)
    void aScanSubmittedFromTheFormRunsToTheEndAndShowsTheGoldenHits() {
        browser.open(server.base.resolve("/"));
        submit(browser.byTestId("scan-form"), "2024-07-01", "2025-10-31");

        String hash = browser.waitFor("the scan's address", d -> SCAN_HASH.matcher(browser.hash()).matches() ? browser.hash() : null);
        Matcher m = SCAN_HASH.matcher(hash);
        assertThat(m.matches()).isTrue();
        scanId = m.group(1);
        WebElement progress = browser.waitFor("the scan to complete", d -> {
            WebElement p = browser.byTestId("progress");
            return "completed".equals(p.getDomAttribute("data-status")) ? p : null;
        });
        assertThat(progress.getDomAttribute("data-percent")).isEqualTo("100");
        assertThat(progress.getText()).contains("100 %").contains("38 hits");

        awaitRows(38);
        List<String> expected = golden.stream().map(h -> h.get("ticker") + " " + h.get("date")).toList();
        assertThat(tickerDates()).containsExactlyElementsOf(expected); // date, then ticker, as the server orders them
        assertThat(column("parabolic_tier")).containsExactlyElementsOf(golden.stream().map(h -> h.get("parabolic_tier")).toList());
        browser.screenshot("1-scan-completed");
        browser.assertCleanConsole();

        // the server stored what the form sent
        JsonNode p = TestServer.json(server.get("/api/scan/progress/" + scanId));
        assertThat(p.path("start_date").asText()).isEqualTo("2024-07-01");
        assertThat(p.path("end_date").asText()).isEqualTo("2025-10-31");
    }

    @Test
    @Order(3)
    void sortingByParabolicScoreOrdersTheRows() {
        WebElement header = browser.byTestId("hits-table").findElement(By.cssSelector("th[data-col='parabolic_score']"));
        header.click();
        browser.waitFor("descending sort", d -> "descending".equals(
                browser.byTestId("hits-table").findElement(By.cssSelector("th[data-col='parabolic_score']")).getDomAttribute("aria-sort")));
        List<Double> scores = column("parabolic_score").stream().map(Double::parseDouble).toList();
        List<Double> goldenScores = new ArrayList<>(golden.stream().map(h -> Double.parseDouble(h.get("parabolic_score"))).toList());
        goldenScores.sort(Comparator.reverseOrder());
        assertThat(scores).containsExactlyElementsOf(goldenScores);

        browser.byTestId("hits-table").findElement(By.cssSelector("th[data-col='parabolic_score']")).click();
        browser.waitFor("ascending sort", d -> "ascending".equals(
                browser.byTestId("hits-table").findElement(By.cssSelector("th[data-col='parabolic_score']")).getDomAttribute("aria-sort")));
        goldenScores.sort(Comparator.naturalOrder());
        assertThat(column("parabolic_score").stream().map(Double::parseDouble).toList()).containsExactlyElementsOf(goldenScores);

        // any column: tickers A → Z
        browser.byTestId("hits-table").findElement(By.cssSelector("th[data-col='ticker']")).click();
        browser.waitFor("a sort by ticker", d -> "ascending".equals(
                browser.byTestId("hits-table").findElement(By.cssSelector("th[data-col='ticker']")).getDomAttribute("aria-sort")));
        List<String> tickers = column("ticker");
        assertThat(tickers).isSorted().hasSize(38);
        browser.assertCleanConsole();
    }

    @Test
    @Order(4)
    void filtersPresetsAndDownloads() {
        WebElement panel = browser.driver.findElement(By.cssSelector(".hits-panel"));
        new Select(panel.findElement(By.cssSelector("select[data-filter='tier']"))).selectByValue("A+");
        long aPlus = golden.stream().filter(h -> h.get("parabolic_tier").equals("A+")).count();
        awaitRows((int) aPlus);
        assertThat(column("parabolic_tier")).containsOnly("A+");
        new Select(panel.findElement(By.cssSelector("select[data-filter='pattern']"))).selectByValue("lc_frontside_d2_extended_1");
        long both = golden.stream().filter(h -> h.get("parabolic_tier").equals("A+") && h.get("lc_frontside_d2_extended_1").equals("1")).count();
        assertThat(both).isPositive().isLessThan(aPlus);
        awaitRows((int) both);
        new Select(panel.findElement(By.cssSelector("select[data-filter='tier']"))).selectByValue("");
        new Select(panel.findElement(By.cssSelector("select[data-filter='pattern']"))).selectByValue("");
        awaitRows(38);

        // LC opens compact, all its columns one click away
        Select preset = new Select(panel.findElement(By.cssSelector("select[aria-label='Columns']")));
        assertThat(preset.getFirstSelectedOption().getDomAttribute("value")).isEqualTo("compact");
        List<String> compact = browser.byTestId("hits-table").findElements(By.cssSelector("thead th")).stream()
                .map(th -> th.getDomAttribute("data-col")).toList();
        preset.selectByValue("all");
        int all = browser.byTestId("hits-table").findElements(By.cssSelector("thead th")).size();
        assertThat(all).isEqualTo(24); // spec §6
        assertThat(compact).hasSizeLessThan(all).contains("ticker", "date", "parabolic_score", "parabolic_tier",
                "lc_frontside_d2_extended").doesNotContain("ema200");

        for (String format : new String[] {"csv", "json"}) {
            WebElement link = browser.driver.findElement(By.cssSelector(".downloads a[data-format='" + format + "']"));
            String href = link.getDomAttribute("href");
            assertThat(href).isEqualTo("/api/scan/results/" + scanId + "/export?format=" + format);
            assertThat(server.get(href).statusCode()).isEqualTo(200);
        }
        // this scan did not ask for outcomes: no summary is shown (nor asked for: the console stays clean)
        assertThat(browser.byTestId("summary").isDisplayed()).isFalse();
        browser.assertCleanConsole();
    }

    @Test
    @Order(5)
    void clickingARowDrawsItsChartWithTheHitDayMarked() {
        browser.byTestId("hits-table").findElement(By.cssSelector("tbody tr[data-ticker='KK'][data-date='2024-07-02']")).click();
        WebElement chart = awaitChart("KK", "2024-07-02");
        assertThat(chart.findElements(By.tagName("canvas"))).isNotEmpty();
        assertThat(chart.getDomAttribute("data-marked-date")).isEqualTo("2024-07-02");
        assertThat(chart.getDomAttribute("data-bars")).isEqualTo("81"); // 60 sessions before, the hit, 20 after
        // something is drawn: the candles' canvas holds more than its background
        Number colours = (Number) browser.script("""
                const canvases = [...arguments[0].querySelectorAll('canvas')];
                const c = canvases.reduce((a, b) => (a.width * a.height >= b.width * b.height ? a : b));
                const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                const seen = new Set();
                for (let i = 0; i < data.length; i += 16) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
                return seen.size;
                """, chart);
        assertThat(colours.intValue()).isGreaterThan(20);
        assertThat(browser.hash()).isEqualTo("#/scan/" + scanId + "/hit/KK/2024-07-02");
        assertThat(selectedRow()).isEqualTo("KK 2024-07-02");
        // the hit's fields beside the chart, as the scan found them
        String fields = browser.driver.findElement(By.cssSelector(".fields")).getText();
        assertThat(fields).contains("839.04").contains("742.85").contains("657.48").contains("552.05");
        browser.screenshot("2-hit-chart");
        browser.assertCleanConsole();
    }

    @Test
    @Order(6)
    void arrowKeysMoveBetweenHits() {
        List<String> order = tickerDates();
        int at = order.indexOf("KK 2024-07-02");
        assertThat(at).isBetween(0, order.size() - 2);
        String next = order.get(at + 1);
        new Actions(browser.driver).sendKeys(Keys.ARROW_DOWN).perform();
        String[] tickerDate = next.split(" ");
        awaitChart(tickerDate[0], tickerDate[1]);
        assertThat(selectedRow()).isEqualTo(next);
        assertThat(browser.hash()).isEqualTo("#/scan/" + scanId + "/hit/" + tickerDate[0] + "/" + tickerDate[1]);
        assertThat(browser.byTestId("chart").getDomAttribute("data-marked-date")).isEqualTo(tickerDate[1]);
        new Actions(browser.driver).sendKeys(Keys.ARROW_UP).perform();
        awaitChart("KK", "2024-07-02");
        assertThat(selectedRow()).isEqualTo("KK 2024-07-02");
        browser.assertCleanConsole();
    }

    @Test
    @Order(7)
    void deepLinksAreRestoredAfterAReload() {
        browser.open(server.base.resolve("/#/scans"));
        for (int load = 0; load < 2; load++) {
            WebElement list = browser.byTestId("scan-list");
            browser.waitFor("the scan in the list", d -> !list.findElements(By.cssSelector("tr[data-scan-id='" + scanId + "']")).isEmpty());
            WebElement row = list.findElement(By.cssSelector("tr[data-scan-id='" + scanId + "']"));
            assertThat(row.getDomAttribute("data-status")).isEqualTo("completed");
            assertThat(row.getText()).containsIgnoringCase("completed").contains("2024-07-01").contains("2025-10-31").contains("38");
            if (load == 0) {
                browser.screenshot("3-history-list");
                browser.driver.navigate().refresh();
            }
        }

        browser.open(server.base.resolve("/#/scan/" + scanId));
        for (int load = 0; load < 2; load++) {
            awaitRows(38);
            assertThat(browser.byTestId("progress").getDomAttribute("data-percent")).isEqualTo("100");
            assertThat(tickerDates().get(0)).isEqualTo(golden.get(0).get("ticker") + " " + golden.get(0).get("date"));
            if (load == 0) {
                browser.driver.navigate().refresh();
            }
        }

        browser.open(server.base.resolve("/#/scan/" + scanId + "/hit/ZU/2024-10-17"));
        for (int load = 0; load < 2; load++) {
            WebElement chart = awaitChart("ZU", "2024-10-17");
            assertThat(chart.getDomAttribute("data-marked-date")).isEqualTo("2024-10-17");
            assertThat(selectedRow()).isEqualTo("ZU 2024-10-17");
            if (load == 0) {
                browser.driver.navigate().refresh();
            } else {
                browser.screenshot("3-hit-deep-link");
            }
        }
        browser.assertCleanConsole();
    }

    @Test
    @Order(8)
    void theHistoryDeletesAScan() {
        String other = server.execute("{\"start_date\":\"2025-01-02\",\"end_date\":\"2025-01-31\"}");
        server.awaitFinal(other, SCAN_WAIT);
        browser.open(server.base.resolve("/#/scans"));
        browser.driver.navigate().refresh();
        WebElement list = browser.byTestId("scan-list");
        WebElement delete = browser.waitFor("the other scan", d -> {
            List<WebElement> found = list.findElements(By.cssSelector("tr[data-scan-id='" + other + "'] button[data-action='delete']"));
            return found.isEmpty() ? null : found.get(0);
        });
        delete.click();
        assertThat(delete.getText()).isEqualTo("Really delete?");
        delete.click();
        browser.waitFor("the deleted scan to leave the list",
                d -> browser.byTestId("scan-list").findElements(By.cssSelector("tr[data-scan-id='" + other + "']")).isEmpty());
        assertThat(server.get("/api/scan/progress/" + other).statusCode()).isEqualTo(404);
        assertThat(browser.byTestId("scan-list").findElements(By.cssSelector("tr[data-scan-id='" + scanId + "']"))).hasSize(1);
        browser.assertCleanConsole();
    }

    @Test
    @Order(9)
    void aReloadReattachesToARunningScan() throws IOException {
        // 120 tickers at 100 ms each on two workers: about six seconds of live progress
        try (TestServer slow = TestServer.start(dir.resolve("slow"), new SlowSource(new CsvBarSource(Golden.file("bars.csv")), 100))) {
            String id = slow.execute("{\"start_date\":\"2024-07-01\",\"end_date\":\"2025-10-31\"}");
            browser.open(slow.base.resolve("/#/scan/" + id));
            browser.waitFor("the running scan", d -> "running".equals(browser.byTestId("progress").getDomAttribute("data-status")));
            browser.driver.navigate().refresh();
            String percent = browser.waitFor("the running scan after the reload", d -> {
                WebElement p = browser.byTestId("progress");
                return "running".equals(p.getDomAttribute("data-status")) ? p.getDomAttribute("data-percent") : null;
            });
            assertThat(Double.parseDouble(percent)).isLessThan(100);
            browser.screenshot("4-running");
            // no reload from here on: the page follows the scan by itself
            browser.waitFor("the scan to complete", d -> "completed".equals(browser.byTestId("progress").getDomAttribute("data-status")));
            assertThat(browser.byTestId("progress").getDomAttribute("data-percent")).isEqualTo("100");
            awaitRows(38);
            browser.assertCleanConsole();
        }
    }

    @Test
    @Order(10)
    void withATokenThePageAsksOnceKeepsItForTheTabAndNeverPutsItInAUrl() throws IOException {
        String token = "dash-s3cret+/=token";
        // slow enough (about 2.4 s) that the page follows the scan while it runs
        try (TestServer secured = TestServer.start(dir.resolve("secured"),
                new SlowSource(new CsvBarSource(Golden.file("bars.csv")), 40), Map.of("SCANNER_API_TOKEN", token),
                Duration.ofMinutes(5))) {
            browser.open(secured.base.resolve("/#/scans"));
            WebElement dialog = browser.waitFor("the token dialog", d -> {
                WebElement el = d.findElement(By.id("token-dialog"));
                return el.isDisplayed() ? el : null;
            });
            dialog.findElement(By.name("token")).sendKeys(token);
            dialog.findElement(By.cssSelector("button[type=submit]")).click();
            WebElement list = browser.byTestId("scan-list");
            browser.waitFor("the list", d -> list.getText().contains("No scans yet"));
            assertThat(browser.script("return sessionStorage.getItem('lcscanner.token')")).isEqualTo(token);

            // asked once: a reload and a whole scan need no second prompt
            browser.open(secured.base.resolve("/"));
            browser.driver.navigate().refresh();
            submit(browser.byTestId("scan-form"), "2024-07-01", "2025-10-31");
            browser.waitFor("the running scan", d -> "running".equals(browser.byTestId("progress").getDomAttribute("data-status")));
            browser.waitFor("the scan to complete", d -> "completed".equals(browser.byTestId("progress").getDomAttribute("data-status")));
            awaitRows(38);
            rows().get(0).click();
            awaitChart(golden.get(0).get("ticker"), golden.get(0).get("date"));
            assertThat(browser.driver.findElement(By.id("token-dialog")).isDisplayed()).isFalse();

            @SuppressWarnings("unchecked")
            List<String> urls = (List<String>) browser.script(
                    "return performance.getEntriesByType('resource').map(r => r.name).concat([location.href])");
            assertThat(urls).isNotEmpty().noneMatch(u -> u.contains("s3cret") || u.contains("token="));
            // progress came over the WebSocket, the token offered as its subprotocol: the page read the scan's state
            // when it opened and once more at the end, and never polled (polling asks every second of a ~2.4 s scan)
            assertThat(urls).as("progress requests").filteredOn(u -> u.contains("/api/scan/progress/")).hasSize(2);
            // the first request before the token was given is the one expected 401
            browser.assertCleanConsole(m -> m.contains(" 401 ") || m.contains("(Unauthorized)"));
        }
    }

    @Test
    @Order(11)
    void redocShowsTheApiReference() {
        browser.open(server.base.resolve("/redoc"));
        WebElement title = browser.waitFor("ReDoc's title", d -> {
            List<WebElement> h1 = d.findElements(By.cssSelector("h1"));
            return h1.isEmpty() ? null : h1.get(0);
        });
        assertThat(title.getText()).contains("lcscanner");
        browser.waitFor("the bars endpoint in the reference", d -> d.getPageSource().contains("/api/bars/{ticker}"));
        browser.screenshot("5-redoc");
        // ReDoc's "API docs by Redocly" logo is on its CDN: the page's policy refuses it (the browser says so)
        browser.assertCleanConsole(m -> m.contains("cdn.redoc.ly"));
    }

    @Test
    @Order(12)
    void thousandsOfHitsArePagedAndStayResponsive() {
        browser.open(server.base.resolve("/#/scans"));
        browser.byTestId("scan-list");
        // the page's own table module over 5,000 made-up hits, served a page at a time as the server would
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/ui/js/table.js').then(async ({HitsTable}) => {
                  const columns = [{name: 'ticker', kind: 'text'}, {name: 'date', kind: 'date'}, {name: 'p1', kind: 'flag'},
                    {name: 'parabolic_score', kind: 'number'}, {name: 'parabolic_tier', kind: 'text'}];
                  const rows = [];
                  for (let i = 0; i < 5000; i++) {
                    rows.push({ticker: 'T' + i, date: '2025-01-02', p1: i % 2, parabolic_score: (i * 7919) % 1000 / 10,
                      parabolic_tier: i % 3 ? 'A' : 'B'});
                  }
                  const asked = [];
                  const load = async q => {
                    asked.push(q);
                    const sorted = q.sort ? [...rows].sort((a, b) => (q.order === 'desc' ? -1 : 1)
                      * (a[q.sort] - b[q.sort])) : rows;
                    return {results: sorted.slice(q.offset, q.offset + q.limit), total_found: rows.length};
                  };
                  const first = await load({offset: 0, limit: 100});
                  asked.length = 0;
                  const table = new HitsTable({first, columns, load, onSelect: () => {}});
                  document.getElementById('view').replaceChildren(table.element);
                  const started = performance.now();
                  await table.sortBy('parabolic_score');
                  const sortMs = performance.now() - started;
                  const shown = table.element.querySelectorAll('tbody tr').length;
                  const firstScore = table.element.querySelector("tbody td[data-col='parabolic_score']").textContent;
                  const pagerBefore = table.element.querySelector('.pager').textContent;
                  table.select(table.view[99]);
                  await table.move(1); // from the last row of page 1 to the first of page 2
                  done({shown, first: firstScore, sortMs, pagerBefore, pagerAfter: table.element.querySelector('.pager').textContent,
                    selected: table.element.querySelector("tbody tr[aria-selected='true'] td[data-col='parabolic_score']").textContent,
                    shownAfter: table.element.querySelectorAll('tbody tr').length, asked: JSON.stringify(asked)});
                });
                """);
        assertThat(((Number) r.get("shown")).intValue()).isEqualTo(100);
        assertThat(r.get("first")).isEqualTo("99.9");
        assertThat((String) r.get("pagerBefore")).contains("page 1 of 50");
        assertThat((String) r.get("pagerAfter")).contains("page 2 of 50");
        assertThat(((Number) r.get("shownAfter")).intValue()).isEqualTo(100);
        // scores 99.9, 99.8 … 0 each five times: the 101st is 99.9 − 20 × 0.1
        assertThat(r.get("selected")).isEqualTo("97.9");
        // the table asked for the sorted first page, then the second: a page each, the sort with it
        assertThat((String) r.get("asked")).isEqualTo("[{\"filter\":[],\"sort\":\"parabolic_score\",\"order\":\"desc\","
                + "\"offset\":0,\"limit\":100},{\"filter\":[],\"sort\":\"parabolic_score\",\"order\":\"desc\","
                + "\"offset\":100,\"limit\":100}]");
        // a generous guard, not a benchmark: drawing a page is far below it
        assertThat(((Number) r.get("sortMs")).doubleValue()).isLessThan(2000);
        browser.assertCleanConsole();
    }

    private void submit(WebElement form, String start, String end) {
        WebElement from = form.findElement(By.name("start_date"));
        from.clear();
        from.sendKeys(start);
        WebElement to = form.findElement(By.name("end_date"));
        to.clear();
        to.sendKeys(end);
        form.findElement(By.cssSelector("button[type=submit]")).click();
    }

    private String awaitCompletedScan() {
        String hash = browser.waitFor("the scan's address", d -> SCAN_HASH.matcher(browser.hash()).matches() ? browser.hash() : null);
        Matcher m = SCAN_HASH.matcher(hash);
        assertThat(m.matches()).isTrue();
        browser.waitFor("the scan to complete", d -> "completed".equals(browser.byTestId("progress").getDomAttribute("data-status")));
        return m.group(1);
    }

    private List<String> headers() {
        @SuppressWarnings("unchecked")
        List<String> cols = (List<String>) browser.script("return [...document.querySelectorAll("
                + "\"[data-testid='hits-table'] thead th\")].map(th => th.dataset.col)");
        return cols;
    }

    @Test
    @Order(13)
    void aScannerOfYourOwnRunsFromTheFormWithItsParamsAndShowsItsOwnColumns() throws Exception {
        String text = Files.readString(Golden.root().resolve("examples/scanners/backside_fade.json"));
        assertThat(server.put("/api/scanners/backside_fade", text).statusCode()).isEqualTo(201);
        browser.open(server.base.resolve("/"));
        WebElement form = browser.byTestId("scan-form");
        WebElement select = browser.waitFor("the stored scanner in the form", d -> {
            WebElement s = form.findElement(By.name("scanner"));
            return s.findElements(By.cssSelector("option[value='backside_fade']")).isEmpty() ? null : s;
        });
        new Select(select).selectByValue("backside_fade");
        // its own params replace LC's, with the document's defaults
        WebElement extension = browser.waitFor("its params", d -> {
            List<WebElement> found = form.findElements(By.name("param.min_extension"));
            return found.isEmpty() ? null : found.get(0);
        });
        assertThat(extension.getDomProperty("value")).isEqualTo("4");
        assertThat(form.findElements(By.name("param.min_dollar_volume"))).isEmpty();
        assertThat(form.findElement(By.cssSelector(".scanner-description")).getText()).contains("first_red_day, prior_low_break");
        extension.clear();
        extension.sendKeys("3");
        submit(form, "2025-01-02", "2025-10-31");
        String id = awaitCompletedScan();

        JsonNode p = TestServer.json(server.get("/api/scan/progress/" + id));
        assertThat(p.path("scanner").asText()).isEqualTo("backside_fade");
        assertThat(p.path("request").path("params").path("min_extension").asDouble()).isEqualTo(3);
        ScanResult own;
        try (Scanner scanner = Scanner.builder(new CsvBarSource(Golden.file("bars.csv"))).parallelism(2).build()) {
            own = scanner.run(ScanRequest.builder(LocalDate.of(2025, 1, 2), LocalDate.of(2025, 10, 31))
                    .scanner(ScannerDefinition.parse(text)).param("min_extension", 3).build(), null);
        }
        assertThat(own.hits()).hasSizeBetween(5, 100); // one page
        awaitRows(own.hits().size());
        assertThat(tickerDates()).containsExactlyElementsOf(own.hits().stream().map(h -> h.ticker() + " " + h.date()).toList());

        // the document's columns, in its order, and nothing of LC's
        JsonNode document = Json.MAPPER.readTree(text);
        List<String> expected = new ArrayList<>(List.of("ticker", "date"));
        document.path("patterns").fieldNames().forEachRemaining(expected::add);
        document.path("columns").fieldNames().forEachRemaining(expected::add);
        assertThat(headers()).containsExactlyElementsOf(expected);
        assertThat(browser.driver.findElement(By.cssSelector(".scan-title")).getText()).contains("backside_fade");
        WebElement panel = browser.driver.findElement(By.cssSelector(".hits-panel"));
        assertThat(new Select(panel.findElement(By.cssSelector("select[data-filter='pattern']"))).getOptions())
                .extracting(o -> o.getDomAttribute("value")).containsExactly("", "first_red_day", "prior_low_break");
        assertThat(panel.findElement(By.cssSelector("select[data-filter='tier']")).isEnabled()).isFalse();
        assertThat(column("run_pct").get(0)).endsWith(" %");

        // its hits on the chart, the bars as this scanner saw them (no rounding)
        rows().get(0).click();
        WebElement chart = awaitChart(own.hits().get(0).ticker(), own.hits().get(0).date().toString());
        assertThat(chart.getDomAttribute("data-marked-date")).isEqualTo(own.hits().get(0).date().toString());
        assertThat(browser.byTestId("summary").isDisplayed()).isFalse();
        browser.screenshot("6-own-scanner");
        browser.assertCleanConsole();
    }

    @Test
    @Order(14)
    void anLcScanWithOutcomesShowsTheirSummary() {
        browser.open(server.base.resolve("/"));
        WebElement form = browser.byTestId("scan-form");
        WebElement outcomes = form.findElement(By.name("outcomes"));
        assertThat(outcomes.isEnabled()).isTrue();
        outcomes.click();
        submit(form, Golden.FROM.toString(), Golden.TO.toString());
        String id = awaitCompletedScan();
        awaitRows(38);
        // compact keeps the next day's and the week's return; the other outcomes are under All columns
        assertThat(headers()).contains("parabolic_score", "next_day_return", "ret_5d").doesNotContain("min_low_5d");
        new Select(browser.driver.findElement(By.cssSelector(".hits-panel select[aria-label='Columns']"))).selectByValue("all");
        assertThat(headers()).contains("parabolic_score", "next_day_return", "ret_5d", "min_low_5d");

        WebElement summary = browser.waitFor("the outcome summary", d -> {
            WebElement s = browser.byTestId("summary");
            return s.isDisplayed() ? s : null;
        });
        JsonNode api = TestServer.json(server.get("/api/scan/results/" + id + "/summary")).path("summary");
        List<WebElement> groups = summary.findElements(By.cssSelector("tbody tr"));
        assertThat(groups).extracting(r -> r.getDomAttribute("data-group") + " " + r.getDomAttribute("data-name"))
                .containsExactly("all all", "pattern lc_frontside_d3_extended_1", "pattern lc_frontside_d2_extended",
                        "pattern lc_frontside_d2_extended_1", "tier A+", "tier A", "tier B", "tier C", "tier D");
        WebElement all = groups.get(0);
        assertThat(all.findElement(By.cssSelector("td[data-field='hits']")).getText()).isEqualTo("38");
        double mean = api.path("overall").path("mean_next_day_return").doubleValue();
        assertThat(all.findElement(By.cssSelector("td[data-field='mean_next_day_return']")).getText())
                .isEqualTo(String.format(Locale.ROOT, "%+.2f %%", mean * 100));
        assertThat(all.findElement(By.cssSelector("td[data-field='share_next_day_return_negative']")).getText())
                .isEqualTo(Math.round(api.path("overall").path("share_next_day_return_negative").doubleValue() * 100) + " %");
        // a tier without hits has nothing to average
        WebElement tierC = groups.get(7);
        assertThat(tierC.findElement(By.cssSelector("td[data-field='hits']")).getText())
                .isEqualTo(String.valueOf(api.path("by_tier").path("C").path("hits").asInt()));
        if (api.path("by_tier").path("C").path("hits").asInt() == 0) {
            assertThat(tierC.findElement(By.cssSelector("td[data-field='mean_ret_5d']")).getText()).isEqualTo("–");
        }
        assertThat(browser.driver.findElement(By.cssSelector(".scan-title")).getText()).contains("with outcomes");
        browser.screenshot("7-outcomes-summary");
        browser.assertCleanConsole();
    }
}
