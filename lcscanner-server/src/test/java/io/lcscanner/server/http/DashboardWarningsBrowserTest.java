package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.Golden;
import io.lcscanner.core.source.CsvBarSource;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard says when a scan cannot mean anything: the form refuses a window after the data, and a scan with
 * too little history or an unknown include ticker shows the server's warnings in a banner above its hits.
 */
@Tag("slow")
class DashboardWarningsBrowserTest {

    @Test
    void theFormRefusesAnEmptyWindowAndTheScanPageShowsItsWarnings(@TempDir Path dir) throws Exception {
        Browser.assumeInstalled();
        try (TestServer server = TestServer.start(dir.resolve("results"), new CsvBarSource(Golden.file("bars.csv")));
             Browser browser = new Browser(dir.resolve("profile"))) {
            browser.open(server.base.resolve("/"));
            WebElement form = browser.byTestId("scan-form");
            browser.waitFor("the data line", d -> form.getText().contains("2025-10-31"));
            fill(form, "start_date", "2030-01-01");
            fill(form, "end_date", "2030-02-01");
            form.findElement(By.cssSelector("button[type=submit]")).click();
            WebElement error = form.findElement(By.cssSelector("p.error"));
            browser.waitFor("the form's error", d -> error.isDisplayed());
            assertThat(error.getText()).isEqualTo("No sessions of csv data in 2030-01-01..2030-02-01 "
                    + "(the data covers 2023-01-03..2025-10-31).");
            assertThat(browser.hash()).doesNotContain("scan_");
            assertThat(server.get("/api/scan/list").body()).doesNotContain("scan_");

            fill(form, "start_date", "2023-03-01");
            fill(form, "end_date", "2023-06-30");
            fill(form, "include_tickers", "KK, NOPE");
            form.findElement(By.cssSelector("button[type=submit]")).click();
            browser.waitFor("the scan to complete", d -> browser.hash().startsWith("#/scan/")
                    && "completed".equals(browser.byTestId("progress").getDomAttribute("data-status")));
            WebElement banner = browser.waitFor("the warnings", d -> {
                WebElement w = browser.byTestId("warnings");
                return w.isDisplayed() && w.findElements(By.cssSelector("p.warning")).size() == 2 ? w : null;
            });
            List<String> lines = banner.findElements(By.cssSelector("p.warning")).stream().map(WebElement::getText).toList();
            assertThat(lines).containsExactly("include_tickers: 1 ticker not in the csv data, left out: NOPE",
                    "1 of 1 tickers have less than the scan's 400 days of history before 2023-03-01 (the data starts "
                            + "2023-01-03): long windows (an EMA 200, say) are not settled for their early hits");
            browser.assertCleanConsole();
        }
    }

    private static void fill(WebElement form, String name, String value) {
        WebElement input = form.findElement(By.name(name));
        input.clear();
        input.sendKeys(value);
    }
}
