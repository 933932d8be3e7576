package dev.preflight.system;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver} packages, which
 * {@code .ci/run} installs) for the console's tests; no browser is downloaded. Where neither is
 * installed the browser tests are skipped with a message saying what to install.
 */
final class Browser implements AutoCloseable {

  static final String CHROMIUM = System.getProperty("preflight.chromium", "/usr/bin/chromium");
  static final String CHROMEDRIVER =
      System.getProperty("preflight.chromedriver", "/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

  final WebDriver driver;
  private final Path profile;

  private Browser(WebDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** A new browser with an empty profile (no cookies: nobody signed in). */
  static Browser open() {
    Assumptions.assumeTrue(
        new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
        "Chromium and its driver are not installed: apt-get install -y chromium chromium-driver");
    try {
      Path profile = Files.createTempDirectory("preflight-chromium-");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM);
      options.addArguments(
          "--headless=new",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--window-size=1366,1000",
          "--user-data-dir=" + profile);
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(new File(CHROMEDRIVER))
              .usingAnyFreePort()
              .build();
      return new Browser(new ChromeDriver(service, options), profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void get(String url) {
    driver.get(url);
  }

  /** Signs in on the real Keycloak login page, where the console sent the browser. */
  void signIn(String username, String password) {
    try {
      await().until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
    } catch (org.openqa.selenium.TimeoutException e) {
      screenshot("sign-in-missing");
      throw new AssertionError(
          "no sign-in form at "
              + driver.getCurrentUrl()
              + "; the page says: "
              + driver.findElement(By.tagName("body")).getText(),
          e);
    }
    driver.findElement(By.id("username")).sendKeys(username);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.id("kc-login")).click();
    await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("header.top")));
  }

  WebElement find(String css) {
    return await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
  }

  boolean has(String css) {
    return !driver.findElements(By.cssSelector(css)).isEmpty();
  }

  String text(String css) {
    return find(css).getText();
  }

  WebDriverWait await() {
    return new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  /** Ends every session the browser holds, the console's and Keycloak's, as expiry would. */
  void clearCookies() {
    ((ChromeDriver) driver).executeCdpCommand("Network.clearBrowserCookies", Map.of());
  }

  /**
   * Requests to URLs matching the patterns ({@code *} any characters) fail from now on, as if the
   * network to the console were down for them; none given: none fail any more.
   */
  void blockRequests(String... patterns) {
    ChromeDriver chrome = (ChromeDriver) driver;
    chrome.executeCdpCommand("Network.enable", Map.of());
    chrome.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of(patterns)));
  }

  /**
   * The page's accessibility violations as axe-core finds them (WCAG 2.1 A and AA, and axe's best
   * practices, which cover landmarks and headings), one line each: rule, impact, what it asks, and
   * the elements that break it. Empty when the page passes.
   */
  List<String> accessibilityViolations() {
    JavascriptExecutor page = (JavascriptExecutor) driver;
    page.executeScript(AXE);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    Object found =
        page.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values:"
                + " ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
                + ".then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help"
                + " + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))))"
                + ".catch(e => done(['axe failed: ' + e]));");
    List<String> violations = new ArrayList<>();
    for (Object violation : (List<?>) found) {
      violations.add(String.valueOf(violation));
    }
    return violations;
  }

  /** axe-core's script, from its WebJar on the test class path. */
  private static final String AXE = axe();

  private static String axe() {
    Properties webJar = new Properties();
    try (InputStream pom =
        Browser.class.getResourceAsStream(
            "/META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
      webJar.load(pom);
      try (InputStream script =
          Browser.class.getResourceAsStream(
              "/META-INF/resources/webjars/axe-core/"
                  + webJar.getProperty("version")
                  + "/axe.min.js")) {
        return new String(script.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a screenshot of the page under target/console-screenshots. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
      Path target = SCREENSHOTS.resolve(name + ".png");
      Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary profile left behind
    }
  }
}
