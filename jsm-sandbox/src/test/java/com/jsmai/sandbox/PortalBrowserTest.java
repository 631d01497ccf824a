package com.jsmai.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The customer portal in a real headless Chromium: the page's script runs against the sandbox's
 * REST API as the customer, and the rendered DOM is inspected. Skips when Chromium is not installed
 * ({@code .ci/run} installs Debian's {@code chromium}).
 */
@Tag("slow")
class PortalBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @BeforeAll
  static void needChromium() {
    assumeTrue(
        Files.isExecutable(CHROMIUM), "/usr/bin/chromium is absent: portal browser test skipped");
  }

  /** Loads the page, lets its script run for a few seconds of virtual time, returns the DOM. */
  private static String render(String url) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                List.of(
                    CHROMIUM.toString(),
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--virtual-time-budget=5000",
                    "--dump-dom",
                    url))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    return new String(out, StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @EnumSource(Flavor.class)
  void portal_customerSeesFormRequestsAndPublicRepliesButNeverInternalNotes(Flavor flavor)
      throws Exception {
    try (JsmSandbox jira =
        JsmSandbox.start(SandboxConfig.defaults().withFlavor(flavor).withDataDir(null))) {
      SandboxAccount ana = jira.customers().get(0);
      String key =
          jira.raiseRequest(
              ana, "Where is my order?", "Where is my parcel", "Order #W2234567", "#W2234567");
      jira.addComment(key, jira.agent(), "INTERNAL-NOTE-do-not-show", false);
      jira.addComment(key, jira.bot(), "Your order ships today", true);

      String dom = render(jira.baseUrl() + "/portal?customer=" + ana.username() + "&open=" + key);

      assertThat(dom).contains("id=\"field-customfield_10050\"");
      assertThat(dom).contains("Where is my order?</option>");
      assertThat(dom).contains("data-key=\"" + key + "\"");
      assertThat(dom).contains("Your order ships today");
      assertThat(dom).contains("#W2234567");
      assertThat(dom).doesNotContain("INTERNAL-NOTE-do-not-show");
      assertThat(dom).containsPattern("id=\"error\"[^>]*></p>");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {320, 375, 768})
  void portal_narrowWindow_noSidewaysScrollAndFormStillUsable(int width) throws Exception {
    try (JsmSandbox jira =
            JsmSandbox.start(SandboxConfig.defaults().withFlavor(Flavor.CLOUD).withDataDir(null));
        Playwright pw =
            Playwright.create(
                new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        Browser browser =
            pw.chromium()
                .launch(
                    new BrowserType.LaunchOptions()
                        .setExecutablePath(CHROMIUM)
                        .setHeadless(true)
                        .setArgs(
                            List.of(
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync")))) {
      SandboxAccount ana = jira.customers().get(0);
      Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(width, 800));
      page.navigate(jira.baseUrl() + "/portal?customer=" + ana.username());
      page.waitForSelector("#field-summary");

      int scrollWidth = ((Number) page.evaluate("document.documentElement.scrollWidth")).intValue();
      assertThat(scrollWidth).as("page width at a %d px window", width).isLessThanOrEqualTo(width);
      page.fill("#field-summary", "Where is my order?");
      page.click("#raise");
      page.waitForSelector("#detailTitle:has-text('SD-1')");
      Path shots = Path.of("target", "screenshots");
      Files.createDirectories(shots);
      page.screenshot(
          new Page.ScreenshotOptions()
              .setPath(shots.resolve("portal-" + width + ".png"))
              .setFullPage(true));
    }
  }
}
