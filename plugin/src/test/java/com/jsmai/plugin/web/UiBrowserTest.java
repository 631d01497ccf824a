package com.jsmai.plugin.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.sandbox.SandboxAccount;
import com.jsmai.sandbox.state.IssueComment;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The panel and admin screens in a real headless Chromium (Debian's {@code /usr/bin/chromium},
 * driven by Playwright, no browser download) against the whole stack of {@link UiStack}.
 * Screenshots go to {@code plugin/target/screenshots/}.
 */
@Tag("slow")
class UiBrowserTest {
  static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
  static final Path SHOTS = Paths.get("target", "screenshots");
  @TempDir static Path dir;
  static UiStack stack;
  static Playwright playwright;
  static Browser browser;
  BrowserContext context;
  Page page;

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM),
        "skipped: /usr/bin/chromium is missing (apt-get install -y chromium)");
    Files.createDirectories(SHOTS);
    stack = new UiStack(dir);
    playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser =
        playwright
            .chromium()
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
                            "--disable-sync")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) browser.close();
    if (playwright != null) playwright.close();
    if (stack != null) stack.close();
  }

  @BeforeEach
  void newContext() {
    context =
        browser.newContext(
            new Browser.NewContextOptions().setViewportSize(1200, 860).setLocale("en-US"));
    page = context.newPage();
    page.setDefaultTimeout(20_000);
  }

  @AfterEach
  void closeContext() {
    context.close();
  }

  static void shot(Page page, String name) {
    page.screenshot(
        new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(true));
  }

  static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    Instant end = Instant.now().plus(timeout);
    while (Instant.now().isBefore(end)) {
      if (condition.getAsBoolean()) return true;
      Thread.sleep(200);
    }
    return condition.getAsBoolean();
  }

  void signInAsAdmin() {
    page.navigate(stack.baseUrl() + "/admin/login?lang=en");
    page.fill("#user", UiStack.ADMIN_USER);
    page.fill("#password", UiStack.ADMIN_PASSWORD);
    page.click("button[type=submit]");
    page.waitForURL("**/admin/policy**");
  }

  @Test
  void agent_suggestEditInsertPublic_replyAppearsInSandboxThread() throws Exception {
    SandboxAccount customer = stack.jira.customers().get(0);
    // One of this customer's own orders in the order service: the shipped query_order_status
    // tool (the production tool set) looks it up, bound to the ticket's reporter.
    var order = stack.firstOrderOf(customer.email());
    String id = order.get("orderId").asText();
    String key =
        stack.jira.raiseRequest(
            customer,
            "Where is my order?",
            "Parcel is late",
            "Hello, order " + id + " has not arrived. Can you check?",
            id);
    page.setViewportSize(480, 900);

    page.navigate(stack.baseUrl() + "/panel?issueKey=" + key + "&flavor=dc");
    page.waitForSelector("#summary:not(:empty)");
    page.click("#generate");
    page.waitForSelector("#insert-public:not([disabled])");

    assertThat(page.inputValue("#reply")).contains(id + " has shipped");
    assertThat(page.textContent("#tools"))
        .contains("query_order_status")
        .contains("OK")
        .contains(order.get("status").asText())
        // the scripted model escapes the id's last character: shown decoded, as key: value
        .contains("query_order_status(order_id: " + id + ")")
        .doesNotContain("\\u00");
    assertThat(page.textContent("#facts")).contains(id);
    shot(page, "panel-suggestion");
    page.click("#edit");
    page.fill("#reply", page.inputValue("#reply") + " Best regards, Alex");
    page.click("#insert-public");
    page.waitForSelector("#reply-status:has-text('public reply')");
    page.fill("#reason", "correct tracking info");
    page.click("#up");
    page.waitForSelector("#reply-status:has-text('feedback')");
    shot(page, "panel-inserted");

    List<IssueComment> portal = stack.jira.customerView(key);
    assertThat(portal)
        .anyMatch(c -> c.body().contains("has shipped") && c.body().contains("Best regards, Alex"));
  }

  @Test
  void agent_panelInChinese_showsChineseLabels() {
    SandboxAccount customer = stack.jira.customers().get(2);
    String key = stack.jira.raiseRequest(customer, "General question", "退货地址", "请问退货寄到哪里？", null);
    page.setViewportSize(480, 700);

    page.navigate(stack.baseUrl() + "/panel?issueKey=" + key + "&flavor=dc&lang=zh");
    page.waitForSelector("#summary:not(:empty)");

    assertThat(page.textContent("#generate")).isEqualTo("生成建议回复");
    assertThat(page.getAttribute("html", "lang")).isEqualTo("zh");
    shot(page, "panel-zh");
  }

  @Test
  void forgedPanelToken_seesSignInAgainAndNoTicketData() {
    SandboxAccount customer = stack.jira.customers().get(3);
    String key =
        stack.jira.raiseRequest(
            customer,
            "Where is my order?",
            "Secret parcel",
            "Order #W1111111 for my private address",
            "#W1111111");
    page.setViewportSize(480, 500);

    page.navigate(
        stack.baseUrl()
            + "/panel?issueKey="
            + key
            + "#token="
            + LoopbackJiraAuthServer.forgedToken(key, "attacker"));
    page.waitForSelector(
        "#auth", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.VISIBLE));

    assertThat(page.textContent("#auth")).contains("Sign in again");
    assertThat(page.content()).doesNotContain("Secret parcel").doesNotContain("W1111111");
    assertThat(page.isVisible("#content")).isFalse();
    shot(page, "panel-forged-token");
  }

  // On a Cloud sandbox: the reply pipeline does not answer Data Center customers yet (their
  // tickets carry no accountType, so TriggerRules treats the reporter as an agent).
  @Test
  void admin_switchesRequestTypeToAuto_nextSandboxTicketGetsAutomaticReply(@TempDir Path cloudDir)
      throws Exception {
    try (UiStack cloud = new UiStack(cloudDir, com.jsmai.sandbox.Flavor.CLOUD)) {
      switchToAutoAndExpectReply(cloud);
    }
  }

  void switchToAutoAndExpectReply(UiStack stack) throws Exception {
    page.navigate(stack.baseUrl() + "/admin/login?lang=en");
    page.fill("#user", UiStack.ADMIN_USER);
    page.fill("#password", UiStack.ADMIN_PASSWORD);
    page.click("button[type=submit]");
    page.waitForURL("**/admin/policy**");
    page.fill("#desk", "1");
    page.fill("#requestType", "2");
    page.selectOption("#overrideMode", "auto");
    page.click("#override-form button[type=submit]");
    page.waitForSelector(".ok");

    assertThat(page.textContent("table")).contains("auto");
    assertThat(stack.settings.current().reply().policies().resolve("1", "2").mode().name())
        .isEqualTo("AUTO");
    shot(page, "admin-policy");
    SandboxAccount customer = stack.jira.customers().get(4);
    String key =
        stack.jira.raiseRequest(
            customer,
            "Returns and refunds",
            "Refund for #W2378156",
            "I returned order #W2378156 last week. When do I get my refund?",
            null);

    boolean replied =
        await(
            () ->
                stack.jira.customerView(key).stream()
                    .anyMatch(c -> c.body().startsWith(ScriptedModelServer.ANSWER)),
            Duration.ofSeconds(30));

    assertThat(replied).as("automatic public reply on " + key).isTrue();
    assertThat(stack.jira.customerView(key).get(stack.jira.customerView(key).size() - 1).body())
        .contains("— AI assistant");
  }

  @Test
  void admin_badValue_showsReaderMessageAndKeepsVersion() {
    signInAsAdmin();
    int before = stack.settings.current().version();
    page.navigate(stack.baseUrl() + "/admin/memory");
    page.fill("#patterns", "invoice = INV-(\\d{6");
    page.click("button[value=save]");

    assertThat(page.textContent(".error")).contains("invoice");
    assertThat(stack.settings.current().version()).isEqualTo(before);
    shot(page, "admin-validation-error");
  }

  @Test
  void admin_everyScreen_rendersAndIsScreenshotted() {
    signInAsAdmin();
    for (String screen :
        List.of(
            "connection",
            "models",
            "policy",
            "prompts",
            "memory",
            "tools",
            "handoff",
            "history",
            "feedback",
            "flagged",
            "advanced",
            "playground")) {
      page.navigate(stack.baseUrl() + "/admin/" + screen);
      assertThat(page.locator("main h1").textContent()).isNotBlank();
      assertThat(page.locator("nav a[aria-current=page]").count()).isEqualTo(1);
      shot(page, "admin-" + screen);
    }
    page.navigate(stack.baseUrl() + "/admin/policy?lang=zh");
    assertThat(page.locator("main h1").textContent()).isEqualTo("回复模式");
    shot(page, "admin-policy-zh");
  }

  /**
   * Phone and tablet widths: no admin screen may scroll sideways. The sidebar stacks above the
   * content and wide tables scroll inside their own container instead of widening the page.
   */
  @ParameterizedTest
  @ValueSource(ints = {320, 375, 768})
  void admin_narrowWindow_noScreenWiderThanTheWindow(int width) {
    signInAsAdmin();
    page.setViewportSize(width, 800);
    Map<String, Integer> tooWide = new java.util.LinkedHashMap<>();
    for (String screen :
        List.of(
            "connection",
            "models",
            "policy",
            "prompts",
            "memory",
            "tools",
            "handoff",
            "history",
            "feedback",
            "flagged",
            "advanced",
            "playground")) {
      page.navigate(stack.baseUrl() + "/admin/" + screen);
      page.waitForSelector("main h1");
      int scrollWidth = ((Number) page.evaluate("document.documentElement.scrollWidth")).intValue();
      if (scrollWidth > width) tooWide.put(screen, scrollWidth);
      if (width == 375) shot(page, "admin-" + screen + "-375");
    }
    assertThat(tooWide).as("screens wider than a %d px window", width).isEmpty();
  }

  @Test
  void admin_promptPreview_rendersForARealTicket() {
    String key =
        stack.jira.raiseRequest(
            stack.jira.customers().get(5),
            "Where is my order?",
            "Late",
            "Order #W2378156 is late",
            "#W2378156");
    signInAsAdmin();
    page.navigate(stack.baseUrl() + "/admin/prompts");
    page.fill("#template", "You help {{customer_name}} of {{service_desk}}.");
    page.fill("#ticket", key);
    page.click("button[value=preview]");

    String preview = page.textContent("#preview");
    assertThat(preview).contains("of Retail Support").contains("[MEMORY]").contains("#W2378156");
    shot(page, "admin-prompts-preview");
  }

  @Test
  void admin_memoryTester_showsFacts() {
    signInAsAdmin();
    page.navigate(stack.baseUrl() + "/admin/memory");
    page.fill("#patterns", "invoice = INV-\\d{6}");
    page.fill("#sample", "My invoice INV-123456 is wrong");
    page.click("button[value=test]");

    assertThat(page.textContent("#found")).contains("invoice").contains("INV-123456");
    shot(page, "admin-memory-tester");
  }

  @Test
  void admin_rollback_restoresEarlierVersion() {
    signInAsAdmin();
    page.navigate(stack.baseUrl() + "/admin/handoff");
    page.fill("#labels", "needs-human, ai-gave-up");
    page.click("button[type=submit].primary");
    page.waitForSelector(".ok");
    int changed = stack.settings.current().version();
    page.navigate(stack.baseUrl() + "/admin/history");
    page.locator("form:has(input[name=to][value='" + (changed - 1) + "']) button").click();
    page.waitForSelector(".ok");

    assertThat(stack.settings.current().version()).isEqualTo(changed + 1);
    assertThat(
            stack
                .settings
                .current()
                .document()
                .path("reply")
                .path("defaults")
                .path("handoff")
                .path("labels")
                .toString())
        .doesNotContain("ai-gave-up");
    assertThat(page.textContent("table")).contains("rollback to version " + (changed - 1));
    shot(page, "admin-history");
  }

  @Test
  void admin_playground_streamsAnswerWithStats() throws Exception {
    SandboxAccount customer = stack.jira.customers().get(5);
    var order = stack.firstOrderOf(customer.email());
    String id = order.get("orderId").asText();
    String key = stack.jira.raiseRequest(customer, "Where is my order?", "Late", "Order " + id, id);
    signInAsAdmin();
    page.navigate(stack.baseUrl() + "/admin/playground");
    // Without a ticket the tools refuse (no reporter to act for); with one they run for its
    // reporter.
    page.fill("#message", "Where is my order " + id + "?");
    page.click("#send");
    page.waitForSelector("#stats:has-text('tokens/s')");
    assertThat(page.textContent("#chat")).contains("query_order_status").contains("no ticket");
    page.click("#reset");
    page.fill("#ticket", key);
    page.fill("#message", "Where is my order " + id + "?");
    page.click("#send");
    page.waitForSelector("#stats:has-text('tokens/s')");

    assertThat(page.textContent("#chat"))
        .contains("query_order_status")
        .contains("OK")
        .contains(order.get("status").asText())
        .contains("has shipped");
    assertThat(page.textContent("#stats")).contains("TTFT").contains("completion");
    shot(page, "admin-playground-chat");
    com.microsoft.playwright.Download download = page.waitForDownload(() -> page.click("#export"));
    String json = new String(readAll(download.path()), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(json)
        .contains("\"role\": \"assistant\"")
        .contains("tokensPerSecond")
        .contains("query_order_status");
  }

  static byte[] readAll(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void agent_keyboardOnly_getsSuggestion() {
    String key =
        stack.jira.raiseRequest(
            stack.jira.customers().get(7),
            "Where is my order?",
            "Keyboard",
            "Order #W2378156?",
            "#W2378156");
    page.navigate(stack.baseUrl() + "/panel?issueKey=" + key + "&flavor=dc");
    page.waitForSelector("#summary:not(:empty)");

    page.keyboard().press("Tab");
    assertThat(page.evaluate("document.activeElement.id")).isEqualTo("generate");
    page.keyboard().press("Enter");
    page.waitForSelector("#insert-public:not([disabled])");

    assertThat(page.inputValue("#reply")).contains("#W2378156");
  }
}
