package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.Golden;
import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.ScanResult;
import io.lcscanner.core.Scanner;
import io.lcscanner.core.ScannerDefinition;
import io.lcscanner.core.source.CsvBarSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The scanner editor in a real browser: a new document with a typo shows the server's problem at its key and
 * position as it is typed, the fix makes it valid, Save stores it, and "Run it" opens the scan form on it, whose
 * scan finds what the library finds with the same document.
 */
@Tag("slow")
class ScannerEditorBrowserTest {

    @Test
    void writeValidateSaveAndRunAScannerFromTheDashboard(@TempDir Path dir) throws Exception {
        Browser.assumeInstalled();
        String example = Files.readString(Golden.root().resolve("examples/scanners/gap_and_go.json"))
                .replace("\"name\": \"gap_and_go\"", "\"name\": \"my_gap\"")
                .replace("\"min_gap\": 0.08", "\"min_gap\": 0.03").replace("\"min_rvol\": 3", "\"min_rvol\": 1.5");
        String typo = example.replace("o / pdc - 1", "o / pcd - 1");
        try (TestServer server = TestServer.start(dir.resolve("results"), new CsvBarSource(Golden.file("bars.csv")));
             Browser browser = new Browser(dir.resolve("profile"))) {
            browser.open(server.base.resolve("/#/scanners/new"));
            WebElement editor = browser.byTestId("scanner-editor");
            WebElement text = editor.findElement(By.cssSelector("[data-testid='scanner-json']"));
            WebElement status = browser.byTestId("scanner-status");
            browser.waitFor("the template checked", d -> "true".equals(status.getDomAttribute("data-valid")));

            // the document with a typo, then a keystroke typed by hand: checked as typed
            browser.script("arguments[0].value = arguments[1]", text, typo.trim());
            text.sendKeys(Keys.END, " ");
            WebElement problem = browser.waitFor("the problem", d -> {
                List<WebElement> items = browser.byTestId("scanner-problems").findElements(By.tagName("li"));
                return items.size() == 1 ? items.get(0) : null;
            });
            assertThat(problem.getText()).isEqualTo("features.gap: position 5: unknown name \"pcd\" (did you mean \"pdc\"?)");
            assertThat(problem.getDomAttribute("data-key")).isEqualTo("features.gap");
            assertThat(problem.getDomAttribute("data-position")).isEqualTo("5");
            assertThat(status.getText()).isEqualTo("1 problem.");
            WebElement save = editor.findElement(By.xpath(".//button[text()='Save']"));
            assertThat(save.isEnabled()).isFalse();
            // clicking the problem selects it in the document: the p of "pcd"
            problem.click();
            assertThat(browser.script("const t = arguments[0]; return t.value.substring(t.selectionStart, t.selectionStart + 3)",
                    text)).isEqualTo("pcd");

            browser.script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))", text, example);
            browser.waitFor("the fixed document valid", d -> "true".equals(status.getDomAttribute("data-valid")));
            assertThat(browser.byTestId("scanner-problems").findElements(By.tagName("li"))).isEmpty();
            browser.waitFor("Save enabled", d -> save.isEnabled());
            save.click();
            browser.waitFor("saved", d -> "my_gap".equals(status.getDomAttribute("data-saved")));
            JsonNode stored = TestServer.json(server.get("/api/scanners/my_gap"));
            assertThat(stored.path("document").path("params").path("min_gap").asDouble()).isEqualTo(0.03);
            assertThat(browser.hash()).isEqualTo("#/scanners/my_gap");

            browser.byTestId("run-scanner").click();
            WebElement form = browser.byTestId("scan-form");
            browser.waitFor("the form on my_gap", d -> "my_gap".equals(new Select(form.findElement(By.name("scanner")))
                    .getFirstSelectedOption().getDomAttribute("value")));
            assertThat(form.findElement(By.name("param.min_gap")).getDomProperty("value")).isEqualTo("0.03");
            for (String[] field : new String[][] {{"start_date", "2024-01-02"}, {"end_date", "2025-10-31"}}) {
                WebElement input = form.findElement(By.name(field[0]));
                input.clear();
                input.sendKeys(field[1]);
            }
            form.findElement(By.cssSelector("button[type=submit]")).click();
            browser.waitFor("the scan to complete", d -> browser.hash().startsWith("#/scan/")
                    && "completed".equals(browser.byTestId("progress").getDomAttribute("data-status")));
            String id = browser.hash().substring("#/scan/".length());
            JsonNode p = TestServer.json(server.get("/api/scan/progress/" + id));

            // the library, with the same document, on the same bars
            try (Scanner scanner = Scanner.builder(new CsvBarSource(Golden.file("bars.csv"))).build()) {
                ScanResult expected = scanner.run(ScanRequest.builder(LocalDate.of(2024, 1, 2), LocalDate.of(2025, 10, 31))
                        .scanner(ScannerDefinition.parse(example)).build(), null);
                assertThat(p.path("scanner").asText()).isEqualTo("my_gap");
                assertThat(p.path("results_found").asInt()).isEqualTo(expected.hits().size()).isEqualTo(57);
            }
            browser.assertCleanConsole();
        }
    }
}
