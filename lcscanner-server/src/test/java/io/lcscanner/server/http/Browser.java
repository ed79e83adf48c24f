package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through chromedriver, for the dashboard's tests: console log, waits,
 * screenshots under {@code target/screenshots}.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("lcscanner.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("lcscanner.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(30);

    final ChromeDriver driver;
    private final ChromeDriverService service;

    /**
     * Skips the calling tests when no browser is installed, with how to install one; in CI ({@code CI} set)
     * fails instead, since CI must run them.
     */
    static void assumeInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String how = "the dashboard's browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                + " (apt-get install -y chromium chromium-driver)";
        if (!installed && System.getenv("CI") != null) {
            fail("CI must run the browser tests, but " + how);
        }
        Assumptions.assumeTrue(installed, "skipped: " + how);
    }

    /** @param profile a fresh, empty folder for the browser's profile */
    Browser(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // the closed network refuses Chromium's background connections: none are made
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1500,950",
                "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        this.service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(WAIT);
    }

    void open(URI uri) {
        driver.get(uri.toString());
    }

    /** Waits until {@code condition} holds, or fails with {@code what}. */
    <T> T waitFor(String what, java.util.function.Function<ChromeDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).withMessage(what).until(d -> condition.apply((ChromeDriver) d));
    }

    WebElement byTestId(String id) {
        return waitFor("an element data-testid=" + id, d -> {
            List<WebElement> found = d.findElements(By.cssSelector("[data-testid='" + id + "']"));
            return found.isEmpty() ? null : found.get(0);
        });
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    String hash() {
        return (String) script("return location.hash");
    }

    /** The console's messages since the last call (reading them empties the browser's buffer). */
    List<LogEntry> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    /** Fails on any console error or warning since the last read, except those {@code allowed} accepts. */
    void assertCleanConsole(Predicate<String> allowed) {
        List<String> bad = console().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(e -> e.getLevel() + " " + e.getMessage())
                .filter(allowed.negate())
                .toList();
        assertThat(bad).as("browser console errors").isEmpty();
    }

    void assertCleanConsole() {
        assertCleanConsole(m -> false);
    }

    /** Saves the page as target/screenshots/{name}.png. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path to = SCREENSHOTS.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), to, StandardCopyOption.REPLACE_EXISTING);
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
