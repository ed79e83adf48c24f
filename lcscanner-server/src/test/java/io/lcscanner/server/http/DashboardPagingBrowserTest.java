package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.synthetic.SyntheticMarket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard opens a scan of many hits by pages: it asks for the first few thousand, says how many there are,
 * and never asks for them all.
 */
@Tag("slow")
class DashboardPagingBrowserTest {
    private static final String EVERY_BAR = "{\"name\":\"every_bar\",\"patterns\":{\"up\":\"c > o\",\"down\":\"c <= o\"}}";

    @TempDir
    Path dir;

    @Test
    void aScanOfManyHitsShowsTheFirstPagesAndTheTotal() throws Exception {
        Browser.assumeInstalled();
        try (TestServer s = TestServer.start(dir.resolve("results"), new SyntheticMarket(7, 40));
             Browser browser = new Browser(dir.resolve("profile"))) {
            String id = s.execute("{\"start_date\":\"2024-06-03\",\"end_date\":\"2025-06-30\",\"intraday\":false,"
                    + "\"scanner\":" + EVERY_BAR + "}");
            s.awaitFinal(id, Duration.ofSeconds(60));
            long total = TestServer.json(s.get("/api/scan/results/" + id + "?limit=1")).path("total_found").asLong();
            assertThat(total).as("more hits than the dashboard holds").isGreaterThan(5000);

            browser.open(s.base.resolve("/#/scan/" + id));
            String shown = browser.waitFor("the note on the hits shown", d -> {
                var notes = d.findElements(org.openqa.selenium.By.cssSelector("[data-testid='hits-shown']"));
                return notes.isEmpty() ? null : notes.get(0).getText();
            });
            assertThat(shown).contains("Showing the first 5,000 of " + String.format("%,d", total) + " hits");
            // 5,000 hits in the table's pages of 100
            assertThat((String) browser.script("return document.querySelector('.pager').textContent")).contains("of 50");
            // the page asked for pages of at most 1,000, never for everything
            @SuppressWarnings("unchecked")
            List<String> asked = (List<String>) browser.script("return performance.getEntriesByType('resource')"
                    + ".map(e => e.name).filter(n => n.includes('/api/scan/results/'))");
            assertThat(asked).hasSize(5).allSatisfy(u -> assertThat(u).contains("limit=1000"));
            browser.assertCleanConsole();
        }
    }
}
