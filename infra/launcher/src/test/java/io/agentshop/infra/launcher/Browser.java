package io.agentshop.infra.launcher;

import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One person's browser: Debian's Chromium, headless, with a profile of its own (so each person has their own
 * cookies), driven through Debian's chromedriver; nothing is downloaded. Screenshots go to
 * {@code target/console-screenshots} and, when {@code -Dagentshop.console.screenshots=<dir>} names one, there too
 * (that is how docs/console is made).
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("agentshop.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("agentshop.chromedriver", "/usr/bin/chromedriver"));
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    final ChromeDriver driver;
    private final Path profile;

    private Browser(Path profile) {
        this.profile = profile;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // As this machine's probe starts it: no sandbox as root, and no background traffic to a closed network.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--window-size=1280,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    static Browser open(Path work) {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("the console's tests need Debian's chromium and chromium-driver (%s, %s); ./test.sh installs them",
                        CHROMIUM, CHROMEDRIVER).isTrue();
        try {
            return new Browser(Files.createTempDirectory(Files.createDirectories(work), "chromium-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens the console and signs in at the authorization server's login page as {@code user} (password demo). */
    Browser signIn(String console, String user) {
        driver.get(console + "/");
        waitFor(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys("demo");
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(driver, PATIENCE).until(ExpectedConditions.urlContains(console));
        waitFor(By.cssSelector("form.who"));
        return this;
    }

    Browser go(String url) {
        driver.get(url);
        return this;
    }

    WebElement waitFor(By what) {
        return new WebDriverWait(driver, PATIENCE).until(ExpectedConditions.visibilityOfElementLocated(what));
    }

    void waitForText(By where, String text) {
        new WebDriverWait(driver, PATIENCE).until(ExpectedConditions.textToBePresentInElementLocated(where, text));
    }

    String text(By what) {
        return waitFor(what).getText();
    }

    String heading() {
        return text(By.tagName("h1"));
    }

    List<WebElement> all(By what) {
        return driver.findElements(what);
    }

    Cookie cookie(String name) {
        return driver.manage().getCookieNamed(name);
    }

    /** A screenshot of what the page shows now, at the given width (a phone's, a laptop's). */
    void screenshot(String name, int width) {
        driver.manage().window().setSize(new Dimension(width, width < 600 ? 900 : 1000));
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        try {
            Path local = Files.createDirectories(Path.of("target", "console-screenshots"));
            Files.write(local.resolve(name + ".png"), png);
            String docs = System.getProperty("agentshop.console.screenshots");
            if (docs != null && !docs.isBlank()) {
                Files.write(Files.createDirectories(Path.of(docs)).resolve(name + ".png"), png);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        driver.manage().window().setSize(new Dimension(1280, 1000));
    }

    void screenshot(String name) {
        screenshot(name, 1280);
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // a leftover profile in target/ costs nothing
        }
    }
}
