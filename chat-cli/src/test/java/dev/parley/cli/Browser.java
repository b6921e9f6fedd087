package dev.parley.cli;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.awaitility.core.ThrowingRunnable;

/**
 * A headless Chromium driven through Debian's chromedriver, with a user-data directory of its own.
 *
 * <p>Without {@code /usr/bin/chromium} or {@code /usr/bin/chromedriver} (or the files that
 * {@code PARLEY_CHROMIUM} and {@code PARLEY_CHROMEDRIVER} name) the browser tests are skipped
 * with a message naming the packages, so that {@code mvn -B verify} works on a developer machine
 * without them; with {@code PARLEY_BROWSER_TESTS=required} in the environment (as {@code .ci/run} sets
 * it) they fail instead, so that CI never passes without having run them.
 */
final class Browser implements AutoCloseable {

    /** Debian's Chromium, or the one {@code PARLEY_CHROMIUM} names. */
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("PARLEY_CHROMIUM", "/usr/bin/chromium"));
    /** Debian's chromedriver, or the one {@code PARLEY_CHROMEDRIVER} names. */
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("PARLEY_CHROMEDRIVER", "/usr/bin/chromedriver"));
    /** Screenshots of failures, and of every {@link #screenshot}, go here. */
    static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final List<Browser> OPEN = new CopyOnWriteArrayList<>();

    final String name;
    final ChromeDriver driver;

    /** Skips the calling test when there is no Chromium, unless the environment requires the browser tests. */
    static void assumeChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String message = "no Chromium: the browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                + " (apt-get install chromium chromium-driver)";
        if (!present && "required".equals(System.getenv("PARLEY_BROWSER_TESTS"))) {
            throw new AssertionError(message + ", and PARLEY_BROWSER_TESTS=required");
        }
        Assumptions.assumeTrue(present, message + "; skipped");
    }

    /** Starts a browser; {@code userData} must be a fresh directory. */
    Browser(String name, Path userData, int width, int height) {
        this.name = name;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + userData.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--lang=en-GB", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, height));
        OPEN.add(this);
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits until the element is there and shown, and returns it. */
    WebElement shown(String css) {
        await().atMost(PATIENCE).ignoreExceptions().until(() -> find(css).isDisplayed());
        return find(css);
    }

    Object script(String javascript, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(javascript, args);
    }

    /** Retries the assertion until it holds or the patience runs out; the page updates on its own time. */
    void eventually(ThrowingRunnable assertion) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).ignoreExceptions().untilAsserted(assertion);
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves what the browser shows to the file. */
    void screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Saves a screenshot under {@link #SCREENSHOTS}, and also into {@code PARLEY_SCREENSHOT_DIR} when that
     * is set: the README's pictures are made this way, with {@code PARLEY_SCREENSHOT_DIR=$PWD/docs/screenshots}.
     */
    void screenshotForDocs(String name) {
        screenshot(SCREENSHOTS.resolve(name));
        String docs = System.getenv("PARLEY_SCREENSHOT_DIR");
        if (docs != null && !docs.isBlank()) {
            screenshot(Path.of(docs).resolve(name));
        }
    }

    @Override
    public void close() {
        OPEN.remove(this);
        driver.quit();
    }

    /** Saves a screenshot of every open browser under {@link #SCREENSHOTS} when a test fails. */
    static final class ScreenshotOnFailure implements AfterTestExecutionCallback {
        @Override
        public void afterTestExecution(ExtensionContext context) {
            if (context.getExecutionException().isEmpty()) {
                return;
            }
            for (Browser browser : OPEN) {
                try {
                    browser.screenshot(SCREENSHOTS.resolve("FAILED-" + context.getRequiredTestMethod().getName()
                            + "-" + browser.name + ".png"));
                } catch (RuntimeException e) {
                    System.err.println("no screenshot of " + browser.name + ": " + e);
                }
            }
        }
    }
}
