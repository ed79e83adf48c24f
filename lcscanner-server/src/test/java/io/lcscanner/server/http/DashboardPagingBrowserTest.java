package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.synthetic.SyntheticMarket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard over a scan of many more hits than a page: the server sorts and filters all of them and the table
 * asks for the page on view only. The expected rows come from the scan's CSV export, ordered here.
 */
@Tag("slow")
class DashboardPagingBrowserTest {
    private static final String EVERY_BAR = "{\"name\":\"every_bar\",\"rounding\":\"none\","
            + "\"patterns\":{\"up\":\"c > o\",\"down\":\"c <= o\"},\"columns\":{\"move\":\"c / o - 1\"}}";
    private static final int PAGE = 100;

    @TempDir
    Path dir;

    /** A hit of the export: its key and its move (NaN when missing). */
    record Hit(String ticker, String date, boolean down, double move) {
        String key() {
            return ticker + " " + date;
        }
    }

    /** Runs the document that hits every bar over a year of the market, to its end; its id. */
    private static String scanEveryBar(TestServer s) throws Exception {
        String id = s.execute("{\"start_date\":\"2024-06-03\",\"end_date\":\"2025-06-30\",\"intraday\":false,"
                + "\"scanner\":" + EVERY_BAR + "}");
        s.awaitFinal(id, Duration.ofSeconds(60));
        return id;
    }

    private static List<Hit> exported(TestServer s, String id) {
        String[] lines = s.get("/api/scan/results/" + id + "/export?format=csv").body().split("\r?\n");
        List<String> header = List.of(lines[0].split(","));
        int ticker = header.indexOf("ticker"), date = header.indexOf("date"), down = header.indexOf("down"),
                move = header.indexOf("move");
        List<Hit> hits = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",", -1);
            hits.add(new Hit(f[ticker], f[date], f[down].equals("1"), f[move].isEmpty() ? Double.NaN : Double.parseDouble(f[move])));
        }
        // the stored order, date then ticker, whatever the export's
        hits.sort(Comparator.comparing(Hit::date).thenComparing(Hit::ticker));
        return hits;
    }

    /** By move, highest first or lowest first, missing last, ties in the stored order (a stable sort). */
    private static List<String> byMove(List<Hit> hits, boolean descending, int from) {
        List<Hit> sorted = new ArrayList<>(hits);
        sorted.sort((a, b) -> Double.isNaN(a.move()) || Double.isNaN(b.move())
                ? Boolean.compare(Double.isNaN(a.move()), Double.isNaN(b.move()))
                : descending ? Double.compare(b.move(), a.move()) : Double.compare(a.move(), b.move()));
        return sorted.subList(from, Math.min(sorted.size(), from + PAGE)).stream().map(Hit::key).toList();
    }

    @SuppressWarnings("unchecked")
    /** Clicks a column's header; the table may draw itself again between finding the header and the click. */
    private static void clickHeader(Browser browser, String column) {
        browser.waitFor("a click on the " + column + " header", d -> {
            try {
                d.findElement(By.cssSelector("[data-testid='hits-table'] th[data-col='" + column + "']")).click();
                return true;
            } catch (StaleElementReferenceException e) {
                return false;
            }
        });
    }

    private static List<String> shownKeys(Browser browser) {
        return (List<String>) browser.script("return [...document.querySelectorAll(\"[data-testid='hits-table'] tbody tr\")]"
                + ".map(tr => tr.dataset.ticker + ' ' + tr.dataset.date)");
    }

    private static void awaitSort(Browser browser, String column, String ariaSort, List<String> expected) {
        // one script call: the table is redrawn when a page arrives, so an element found before may be gone
        browser.waitFor(column + " " + ariaSort + " and its rows", d -> ariaSort.equals(browser.script(
                "return document.querySelector(\"[data-testid='hits-table'] th[data-col='\" + arguments[0] + \"']\")"
                + ".getAttribute('aria-sort')", column)) && shownKeys(browser).equals(expected));
    }

    @Test
    void sortingAndFilteringCoverEveryHitOfTheScan() throws Exception {
        Browser.assumeInstalled();
        try (TestServer s = TestServer.start(dir.resolve("results"), new SyntheticMarket(7, 40));
             Browser browser = new Browser(dir.resolve("profile"))) {
            String id = scanEveryBar(s);
            List<Hit> hits = exported(s, id);
            assertThat(hits).as("many more hits than a page (or the old 5,000 the page held)").hasSizeGreaterThan(8000);

            browser.open(s.base.resolve("/#/scan/" + id));
            browser.waitFor("the first page", d -> shownKeys(browser).size() == PAGE);
            assertThat(shownKeys(browser)).containsExactlyElementsOf(hits.subList(0, PAGE).stream().map(Hit::key).toList());
            assertThat(browser.driver.findElement(By.cssSelector(".hits-panel .count")).getText())
                    .isEqualTo(String.format("%,d hits", hits.size()));
            assertThat((String) browser.script("return document.querySelector('.pager').textContent"))
                    .contains("of " + String.format("%,d", (hits.size() + PAGE - 1) / PAGE));

            // the largest moves of the whole scan (they are spread over the year, not in its first months)
            List<String> top = byMove(hits, true, 0);
            assertThat(top).as("the top of the scan differs from the top of its first 5,000 hits")
                    .isNotEqualTo(byMove(hits.subList(0, 5000), true, 0));
            clickHeader(browser, "move");
            awaitSort(browser, "move", "descending", top);
            // the next page continues the server's order
            browser.driver.findElement(By.xpath("//div[@class='pager']/button[contains(., 'Next')]")).click();
            browser.waitFor("page 2 by move", d -> shownKeys(browser).equals(byMove(hits, true, PAGE)));
            clickHeader(browser, "move");
            awaitSort(browser, "move", "ascending", byMove(hits, false, 0));

            // a filter over every hit, sorted
            new Select(browser.driver.findElement(By.cssSelector("select[data-filter='pattern']"))).selectByValue("down");
            List<Hit> down = hits.stream().filter(Hit::down).toList();
            browser.waitFor("the down days by move", d -> shownKeys(browser).equals(byMove(down, false, 0)));
            // the count is drawn with the page: wait for it too, then say what it reads
            String count = String.format("%,d of %,d hits", down.size(), hits.size());
            browser.waitFor("the count of the down days", d -> d.findElement(By.cssSelector(".hits-panel .count"))
                    .getText().equals(count));
            assertThat(browser.driver.findElement(By.cssSelector(".hits-panel .count")).getText()).isEqualTo(count);

            // newest first: the stored order from its end
            new Select(browser.driver.findElement(By.cssSelector("select[data-filter='pattern']"))).selectByValue("");
            browser.waitFor("every hit again, by move", d -> shownKeys(browser).equals(byMove(hits, false, 0)));
            clickHeader(browser, "date");
            awaitSort(browser, "date", "ascending", hits.subList(0, PAGE).stream().map(Hit::key).toList());
            clickHeader(browser, "date");
            List<String> newest = new ArrayList<>(hits.subList(hits.size() - PAGE, hits.size()).stream().map(Hit::key).toList());
            java.util.Collections.reverse(newest);
            awaitSort(browser, "date", "descending", newest);

            // every request was for one page of the table, never for everything
            @SuppressWarnings("unchecked")
            List<String> asked = (List<String>) browser.script("return performance.getEntriesByType('resource')"
                    + ".map(e => e.name).filter(n => n.includes('/api/scan/results/') && !n.includes('/export'))");
            assertThat(asked).isNotEmpty().allSatisfy(u -> assertThat(u).containsPattern("limit=(100|1)(&|$)"));
            assertThat(asked).anySatisfy(u -> assertThat(u).contains("sort=move").contains("order=desc"));
            browser.assertCleanConsole();
        }
    }

    @Test
    void aDeepLinkToALateHitOpensItsPage() throws Exception {
        Browser.assumeInstalled();
        try (TestServer s = TestServer.start(dir.resolve("results"), new SyntheticMarket(7, 40));
             Browser browser = new Browser(dir.resolve("profile"))) {
            String id = scanEveryBar(s);
            List<Hit> hits = exported(s, id);
            int at = hits.size() - 777;
            Hit late = hits.get(at);
            browser.open(s.base.resolve("/#/scan/" + id + "/hit/" + late.ticker() + "/" + late.date()));
            String selected = browser.waitFor("the deep-linked row", d -> (String) browser.script(
                    "const tr = document.querySelector(\"[data-testid='hits-table'] tbody tr[aria-selected='true']\");"
                    + "return tr ? tr.dataset.ticker + ' ' + tr.dataset.date : null"));
            assertThat(selected).isEqualTo(late.key());
            int page = at / PAGE;
            assertThat(shownKeys(browser)).containsExactlyElementsOf(
                    hits.subList(page * PAGE, Math.min(hits.size(), page * PAGE + PAGE)).stream().map(Hit::key).toList());
            assertThat((String) browser.script("return document.querySelector('.pager').textContent"))
                    .contains("page " + String.format("%,d", page + 1) + " of");
            browser.assertCleanConsole();
        }
    }
}
