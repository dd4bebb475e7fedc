package io.inferscope.console;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The Debian {@code chromium} driven through the Debian {@code chromium-driver}, headless. Both
 * paths are given to Selenium explicitly, so Selenium Manager never runs and nothing is downloaded.
 * Missing packages fail the test with what to install: a dashboard test that silently skips would
 * prove nothing.
 */
final class HeadlessChromium {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {}

    /** Fails the calling test unless both Debian packages are installed. */
    static void requireInstalled() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail(
                    "headless Chromium is not installed ("
                            + CHROMIUM
                            + ", "
                            + CHROMEDRIVER
                            + "): apt-get install -y chromium chromium-driver"
                            + " (.ci/run installs them)");
        }
    }

    /** A fresh browser with its own profile under {@code profileDir}. */
    static ChromeDriver start(Path profileDir) {
        requireInstalled();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                List.of(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        "--user-data-dir=" + profileDir.toAbsolutePath(),
                        "--window-size=1400,2200"));
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(CHROMEDRIVER.toFile())
                        .usingAnyFreePort()
                        .withTimeout(Duration.ofSeconds(30))
                        .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        return driver;
    }
}
