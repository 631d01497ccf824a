package com.jsmai.plugin.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.orders.OrderService;
import com.jsmai.orders.OrderServiceConfig;
import com.jsmai.plugin.PluginService;
import com.jsmai.plugin.admin.AdminRoutes;
import com.jsmai.plugin.admin.LocalAdmin;
import com.jsmai.plugin.admin.PlaygroundRoutes;
import com.jsmai.plugin.admin.RestCsatReader;
import com.jsmai.plugin.admin.ToolTrier;
import com.jsmai.plugin.app.LiveTools;
import com.jsmai.plugin.cloud.ForgeInvocationTokenVerifier;
import com.jsmai.plugin.config.ConfigLoader;
import com.jsmai.plugin.config.ConfigSections;
import com.jsmai.plugin.config.PluginConfig;
import com.jsmai.plugin.config.Secret;
import com.jsmai.plugin.inbox.EventHandler;
import com.jsmai.plugin.jira.JiraClient;
import com.jsmai.plugin.jira.JiraClients;
import com.jsmai.plugin.llm.ChatModel;
import com.jsmai.plugin.panel.FeedbackStore;
import com.jsmai.plugin.panel.JiraOAuthClient;
import com.jsmai.plugin.panel.PanelRoutes;
import com.jsmai.plugin.panel.Suggester;
import com.jsmai.plugin.reply.InMemoryEffectGuard;
import com.jsmai.plugin.reply.ReplyOrchestrator;
import com.jsmai.plugin.settings.LiveChatModel;
import com.jsmai.plugin.settings.SecretBox;
import com.jsmai.plugin.settings.Settings;
import com.jsmai.plugin.settings.SettingsStore;
import com.jsmai.plugin.tools.InMemoryToolCallRecorder;
import com.jsmai.plugin.tools.SecretResolver;
import com.jsmai.plugin.tools.Secrets;
import com.jsmai.plugin.tools.ToolExecutor;
import com.jsmai.plugin.tools.ToolsConfig;
import com.jsmai.plugin.tools.http.AddressPolicy;
import com.jsmai.sandbox.Flavor;
import com.jsmai.sandbox.JsmSandbox;
import com.jsmai.sandbox.SandboxConfig;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The whole UI assembled the way production wiring would: a Data Center JSM sandbox, the loopback
 * OAuth provider and Forge key set, a scripted OpenAI-compatible model server, the settings and
 * feedback stores on real SQLite files, the sample order service behind the shipped {@code
 * query_order_status} tool (the production tool set of {@link LiveTools}), and the real {@link
 * PluginService} (webhook intake, inbox, workers) with the panel and admin routes. The reply
 * pipeline reads its configuration from the settings store: a {@link ReplyOrchestrator} is rebuilt
 * on every settings change and the inbox handler always uses the newest one.
 */
public final class UiStack implements AutoCloseable {
  public static final String ADMIN_USER = "admin";
  public static final String ADMIN_PASSWORD = "correct horse battery";
  public static final String WEBHOOK_SECRET = "ui-test-webhook-secret";
  private static final ObjectMapper JSON = new ObjectMapper();

  public final JsmSandbox jira;
  public final LoopbackJiraAuthServer auth;
  public final ScriptedModelServer model;
  public final SettingsStore settings;
  public final FeedbackStore feedback;
  public final JiraClient jiraClient;

  /** Issue keys the test says the assistant answered (the admin Feedback screen reads CSAT). */
  public final java.util.Set<String> answered = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public final InMemoryToolCallRecorder toolCalls = new InMemoryToolCallRecorder();
  public final PluginService service;
  private final AtomicReference<ReplyOrchestrator> orchestrator = new AtomicReference<>();

  /** The sample order service the shipped {@code query_order_status} tool reads. */
  public final OrderService orders;

  public static final String ORDERS_KEY = "ui-test-orders-key";
  private final LiveTools tools;

  /**
   * The guard rails as {@code PluginApp} wires them (input check, audit log, flagged inputs), or
   * null for the plain stack. Built by {@link #withGuardRails}.
   */
  public final com.jsmai.plugin.app.guard.GuardRails guardRails;

  /** The audit log's key in the guarded stack (base64, 32 bytes). */
  public static final String AUDIT_KEY =
      java.util.Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

  /**
   * A stack whose reply pipeline runs behind the guard rails (audit log on, so flagged inputs are
   * kept), and whose panel and admin screens show the flagged inputs.
   */
  public static UiStack withGuardRails(Path dir, Flavor flavor) throws Exception {
    return new UiStack(dir, flavor, true);
  }

  /** A Data Center stack (the panel signs in through the OAuth provider). */
  public UiStack(Path dir) throws Exception {
    this(dir, Flavor.DC);
  }

  public UiStack(Path dir, Flavor flavor) throws Exception {
    this(dir, flavor, false);
  }

  private UiStack(Path dir, Flavor flavor, boolean guarded) throws Exception {
    SandboxConfig sandbox = SandboxConfig.defaults().withFlavor(flavor);
    jira = JsmSandbox.start(sandbox);
    // The same people on both sides: the sandbox's customers own the order service's orders.
    orders =
        OrderService.start(
            OrderServiceConfig.defaults().withDataDir(sandbox.dataDir()).withApiKey(ORDERS_KEY));
    auth = LoopbackJiraAuthServer.start();
    model = new ScriptedModelServer();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String base = "http://127.0.0.1:" + port;

    SecretBox box = SecretBox.fromBase64(SecretBox.newKey());
    ObjectNode initial = JSON.createObjectNode();
    if (flavor == Flavor.DC) {
      initial
          .putObject("jira")
          .put("baseUrl", jira.baseUrl())
          .put("flavor", "datacenter")
          .put("token", box.seal("jira.token", jira.bot().pat()));
    } else {
      initial
          .putObject("jira")
          .put("baseUrl", jira.baseUrl())
          .put("flavor", "cloud")
          .put("email", jira.bot().email())
          .put("token", box.seal("jira.token", jira.bot().apiToken()));
    }
    initial
        .putArray("models")
        .addObject()
        .put("name", "scripted")
        .put("baseUrl", model.baseUrl())
        .put("model", "qwen");
    ObjectNode reply = initial.putObject("reply");
    reply.putObject("serviceDeskNames").put("1", "Retail Support");
    reply.putObject("defaults").put("mode", "suggest").put("footer", "— AI assistant");
    initial
        .putArray("tools")
        .addObject()
        .put("name", "query_order_status")
        .put(
            "yaml",
            java.nio.file.Files.readString(
                    java.nio.file.Paths.get("src/main/resources/tools/query_order_status.yaml"))
                .replace("http://127.0.0.1:8480", orders.baseUrl()));
    settings = SettingsStore.open(dir.resolve("settings.db"), box, initial);
    feedback = FeedbackStore.open(dir.resolve("feedback.db"), Clock.systemUTC());
    jiraClient = JiraClients.create(settings.current().jira().orElseThrow());
    ChatModel chat = new LiveChatModel(settings, null);
    guardRails = guarded ? guardRails(dir, jiraClient) : null;
    // The production tool set for the saved settings: built-in Jira tools plus the settings'
    // HTTP tools (query_order_status against the order service), under loopback-only addresses.
    tools =
        new LiveTools(
            new ToolsConfig(
                null,
                List.of("127.0.0.1"),
                List.of("127.0.0.1/32"),
                Duration.ofSeconds(5),
                4,
                null,
                null),
            toolCalls,
            SecretResolver.of(Map.of("ORDERS_API_KEY", ORDERS_KEY)),
            null);
    Supplier<ToolExecutor> executor =
        () -> tools.forSettings(settings.current(), jiraClient, chat).executor();

    orchestrator.set(build(settings.current(), chat));
    settings.addListener(s -> orchestrator.set(build(s, chat)));
    EventHandler current = event -> orchestrator.get().handle(event);
    EventHandler handler = guardRails == null ? current : guardRails.wrap(current);
    com.jsmai.plugin.flagged.FlaggedInputs flagged =
        guardRails == null ? null : guardRails.flaggedInputs();

    Sessions sessions = new Sessions();
    JiraOAuthClient oauth =
        new JiraOAuthClient(
            new JiraOAuthClient.Config(
                auth.baseUrl(),
                URI.create(jira.baseUrl()),
                LoopbackJiraAuthServer.CLIENT_ID,
                Secret.of(LoopbackJiraAuthServer.CLIENT_SECRET),
                URI.create(base + "/panel/oauth/callback"),
                "READ"),
            Clock.systemUTC());
    ForgeInvocationTokenVerifier forge =
        new ForgeInvocationTokenVerifier(
            LoopbackJiraAuthServer.FORGE_APP_ID, auth.jwksUrl(), Duration.ofHours(1));
    Suggester suggester =
        new Suggester(
            jiraClient,
            () -> settings.current().reply(),
            chat,
            executor,
            t -> java.util.Optional.empty(),
            Clock.systemUTC());
    PanelRoutes panel =
        new PanelRoutes(
            new PanelRoutes.Deps(
                jiraClient,
                suggester,
                feedback,
                sessions,
                oauth,
                forge,
                false,
                "'self'",
                null,
                flagged));
    LocalAdmin admin =
        new LocalAdmin(
            ADMIN_USER,
            new PasswordHasher().hash(ADMIN_PASSWORD.toCharArray()),
            new PasswordHasher(),
            Clock.systemUTC());
    PlaygroundRoutes playground =
        new PlaygroundRoutes(
            settings, () -> jiraClient, executor, LiveChatModel::create, Clock.systemUTC());
    AdminRoutes adminRoutes =
        new AdminRoutes(
            new AdminRoutes.Deps(
                settings,
                sessions,
                admin,
                oauth,
                () -> jiraClient,
                feedback,
                new RestCsatReader(() -> settings.current().jira()),
                new ToolTrier(
                    new AddressPolicy(
                        Set.of("127.0.0.1"),
                        List.of(com.jsmai.plugin.tools.http.Cidr.parse("127.0.0.1/32"))),
                    Secrets.none()),
                playground,
                () -> answered,
                Clock.systemUTC(),
                flagged));

    Map<String, String> env = new HashMap<>();
    env.put("JSMAI_SERVER_PORT", String.valueOf(port));
    env.put("JSMAI_INBOX_FILE", dir.resolve("inbox.db").toString());
    env.put("JSMAI_WEBHOOK_SECRET", WEBHOOK_SECRET);
    PluginConfig config = new ConfigLoader(ConfigSections.ALL, env).loadDefaults();
    UiRoutes ui = new UiRoutes(panel, adminRoutes);
    java.util.function.Consumer<io.javalin.Javalin> routes =
        guardRails == null
            ? ui
            : app -> {
              ui.accept(app);
              guardRails.routes().accept(app); // GET /metrics and the audit endpoints
            };
    service = PluginService.start(config, handler, id -> null, routes);
    jira.registerWebhook(
        base + "/webhooks/jira?issueKey=${issue.key}",
        List.of("jira:issue_created", "comment_created"),
        WEBHOOK_SECRET);
  }

  private ReplyOrchestrator build(Settings s, ChatModel chat) {
    if (guardRails == null) {
      return ReplyOrchestrator.builder(jiraClient, chat)
          .config(s.reply())
          .effectGuard(guard)
          .build();
    }
    ChatModel wrapped = guardRails.wrap(chat);
    return guardRails
        .apply(
            ReplyOrchestrator.builder(jiraClient, wrapped).config(s.reply()).effectGuard(guard),
            new com.jsmai.plugin.reply.ModelAssistant(wrapped))
        .build();
  }

  /** The guard rails from a YAML file: audit log on (so flagged inputs are kept), no ONNX bot. */
  private static com.jsmai.plugin.app.guard.GuardRails guardRails(Path dir, JiraClient jira)
      throws java.io.IOException {
    Path file = dir.resolve("guard.yaml");
    java.nio.file.Files.writeString(
        file,
        "webhook:\n  secret: "
            + WEBHOOK_SECRET
            + "\nfaq:\n  fallbackBot: false\n  instantAnswers: false\n"
            + "audit:\n  enabled: true\n  file: "
            + dir.resolve("audit.db")
            + "\n  keys:\n    k1: "
            + AUDIT_KEY
            + "\n  currentKey: k1\n");
    PluginConfig config = new ConfigLoader(ConfigSections.ALL, Map.of()).load(file);
    return com.jsmai.plugin.app.guard.GuardRails.create(config, jira);
  }

  private final InMemoryEffectGuard guard = new InMemoryEffectGuard();

  /** The first order of a customer in the order service (the sandbox's customers own them). */
  public com.fasterxml.jackson.databind.JsonNode firstOrderOf(String email) throws Exception {
    java.net.http.HttpResponse<String> r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        URI.create(
                            orders.baseUrl()
                                + "/customers/"
                                + java.net.URLEncoder.encode(
                                    email, java.nio.charset.StandardCharsets.UTF_8)
                                + "/orders"))
                    .header("X-API-Key", ORDERS_KEY)
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) throw new IllegalStateException(r.body());
    return JSON.readTree(r.body()).path("orders").get(0);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + service.port();
  }

  @Override
  public void close() throws Exception {
    service.close();
    if (guardRails != null) guardRails.close();
    tools.close();
    orders.close();
    settings.close();
    feedback.close();
    model.close();
    auth.close();
    jira.close();
  }
}
