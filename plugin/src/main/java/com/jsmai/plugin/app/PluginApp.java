package com.jsmai.plugin.app;

import com.jsmai.plugin.PluginService;
import com.jsmai.plugin.app.guard.AdminAuth;
import com.jsmai.plugin.app.guard.FaqConfig;
import com.jsmai.plugin.concurrent.DaemonThreads;
import com.jsmai.plugin.config.ModelEndpointConfig;
import com.jsmai.plugin.config.PluginConfig;
import com.jsmai.plugin.faq.KnowledgeBase;
import com.jsmai.plugin.inbox.EventHandler;
import com.jsmai.plugin.inbox.InboxEntry;
import com.jsmai.plugin.jira.JiraClient;
import com.jsmai.plugin.jira.JiraClients;
import com.jsmai.plugin.llm.ChatModel;
import com.jsmai.plugin.llm.EstimatingTokenCounter;
import com.jsmai.plugin.llm.ModelUnavailableException;
import com.jsmai.plugin.llm.OpenAiChatModel;
import com.jsmai.plugin.llm.RemoteTokenCounter;
import com.jsmai.plugin.llm.TokenCounter;
import com.jsmai.plugin.reply.EffectInProgressException;
import com.jsmai.plugin.reply.InputCheck;
import com.jsmai.plugin.reply.ModelAssistant;
import com.jsmai.plugin.reply.OutputCheck;
import com.jsmai.plugin.reply.ReplyConfig;
import com.jsmai.plugin.reply.ReplyOrchestrator;
import com.jsmai.plugin.reply.ReplyScheduler;
import com.jsmai.plugin.settings.LiveChatModel;
import com.jsmai.plugin.settings.LiveJiraClient;
import com.jsmai.plugin.settings.ModelEndpoint;
import com.jsmai.plugin.settings.Settings;
import com.jsmai.plugin.tools.SecretResolver;
import com.jsmai.plugin.tools.ToolCallRecorder;
import com.jsmai.plugin.tools.ToolSetup;
import com.jsmai.plugin.tools.ToolsConfig;
import io.javalin.Javalin;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole product assembled from one configuration: Jira client, model client, token counter,
 * tools, reply pipeline on the durable inbox, HTTP server. {@code plugin.jar serve} runs one; the
 * end-to-end tests and the pipeline benchmark start their own on loopback.
 *
 * <pre>
 * webhook -> WebhookIntake -> SqliteInbox -> InboxWorkers -> ReplyOrchestrator
 *   -> ToolLoopAssistant (ToolLoop -> OpenAiChatModel, HttpTool/JiraTools)
 *   -> JiraClient.addComment, guarded by LedgerEffectGuard (the inbox's effects ledger)
 * </pre>
 *
 * Closing stops the HTTP server and workers first, then the tools and stores.
 */
public final class PluginApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PluginApp.class);

  /** How many recent events' tickets are checked for delayed replies at startup. */
  private static final int RESUME_SCAN = 500;

  private final PluginService service;
  private final AtomicReference<ReplyOrchestrator> orchestrator;
  private final UiWiring ui;
  private final java.util.function.Supplier<ToolSetup> tools;
  private final LiveTools liveTools;
  private final ToolSetup fileTools;
  private final SqliteProposedActionStore proposals;
  private final ChatModel model;
  private final java.util.concurrent.ExecutorService delays;
  private final AutoCloseable guard;

  private PluginApp(
      PluginService service,
      AtomicReference<ReplyOrchestrator> orchestrator,
      java.util.function.Supplier<ToolSetup> tools,
      LiveTools liveTools,
      SqliteProposedActionStore proposals,
      ChatModel model,
      java.util.concurrent.ExecutorService delays,
      AutoCloseable guard,
      UiWiring ui,
      ToolSetup fileTools) {
    this.ui = ui;
    this.delays = delays;
    this.guard = guard;
    this.service = service;
    this.orchestrator = orchestrator;
    this.tools = tools;
    this.liveTools = liveTools;
    this.fileTools = fileTools;
    this.proposals = proposals;
    this.model = model;
  }

  /** Optional parts other features plug in; {@link #defaults()} has none. */
  public record Extensions(
      SecretResolver secrets,
      ToolCallRecorder toolCalls,
      InputCheck inputCheck,
      OutputCheck outputCheck,
      Consumer<Javalin> routes) {
    public Extensions {
      Objects.requireNonNull(secrets, "secrets");
      Objects.requireNonNull(toolCalls, "toolCalls");
    }

    /**
     * Secrets from the environment, tool calls logged, the standard guard rails ({@code
     * app.guard.GuardRails}; null checks mean its checks), no extra routes.
     */
    public static Extensions defaults() {
      return new Extensions(
          SecretResolver.fromEnvironment(), PluginApp::logToolCall, null, null, null);
    }

    public Extensions withSecrets(SecretResolver s) {
      return new Extensions(s, toolCalls, inputCheck, outputCheck, routes);
    }

    public Extensions withToolCalls(ToolCallRecorder r) {
      return new Extensions(secrets, r, inputCheck, outputCheck, routes);
    }

    public Extensions withChecks(InputCheck in, OutputCheck out) {
      return new Extensions(secrets, toolCalls, in, out, routes);
    }

    public Extensions withRoutes(Consumer<Javalin> r) {
      return new Extensions(secrets, toolCalls, inputCheck, outputCheck, r);
    }
  }

  /**
   * Builds and starts everything.
   *
   * @throws IllegalArgumentException when the configuration cannot work (no Jira credentials, a
   *     forced tool that does not exist, a bad tool definition), naming what is wrong
   */
  public static PluginApp start(PluginConfig config, Extensions ext) {
    if (!config.jira().hasCredentials()) {
      throw new IllegalArgumentException(
          "jira credentials are required to answer tickets (jira.email + jira.apiToken on Cloud,"
              + " jira.personalAccessToken on Data Center)");
    }
    ModelEndpointConfig m = config.model();
    String base = modelRoot(m.baseUrl().toString());
    ReplyConfig reply = config.get(ReplySection.class).toReplyConfig();
    AssistantConfig assistantConfig = config.get(AssistantConfig.class);
    ToolsConfig toolsConfig = config.get(ToolsConfig.class);
    UiWiring ui = config.get(UiConfig.class).enabled() ? UiWiring.open(config) : null;
    // The two boundaries that follow the admin screens (docs/configuration.md, precedence): with
    // the UI on, the saved Jira connection and active model endpoint win over this file's.
    JiraClient jira;
    ChatModel model;
    LiveJiraClient liveJira = null;
    LiveChatModel liveModel = null;
    java.util.function.Function<ModelEndpoint, ChatModel> models = e -> chatModel(e, m);
    ModelEndpoint fileEndpoint = new ModelEndpoint("node", URI.create(base), m.model(), m.apiKey());
    if (ui == null) {
      jira = JiraClients.create(config.jira());
      model = models.apply(fileEndpoint);
    } else {
      liveJira = new LiveJiraClient(ui.settings, config.jira());
      liveModel = new LiveChatModel(ui.settings, null, models, fileEndpoint);
      jira = liveJira;
      model = liveModel;
    }
    Counters counters = new Counters(reply.context().contextWindow());
    // Guard rails (docs/safety.md): checks, instant answers, fallback bot, audit, limits, metrics.
    var guardRails = guardBuilder(config, jira, liveJira);
    // the input check's desk-context stage reads the prompt templates in force (admin edits too)
    if (ui != null) guardRails.prompts(() -> ui.settings.current().reply().prompts());
    com.jsmai.plugin.app.guard.GuardRails guard =
        guardRails
            // the audit endpoints accept the admin screens' signed-in admins
            .adminAuth(ui == null ? AdminAuth.DENY_ALL : ui::isAdmin)
            .build();
    if (ui != null) ui.feedback.onDecision(guard::suggestionDecided);
    ToolCallRecorder recorder = guard.recorder(ext.toolCalls());
    LiveTools liveTools = null;
    ToolSetup fileTools = null;
    SqliteProposedActionStore proposals = null;
    // Delayed replies; stopped on close so a closed app never posts (a restart re-arms them).
    java.util.concurrent.ScheduledExecutorService delays =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("reply-delay"));
    try {
      if (ui == null) {
        fileTools = ToolSetup.create(toolsConfig, jira, guard.wrap(model), recorder, ext.secrets());
      } else {
        liveTools = new LiveTools(toolsConfig, recorder, ext.secrets(), guard::wrap);
        LiveJiraClient lj = liveJira;
        // A version the pipeline could not run (a tool on a host outside tools.allowedHosts, a
        // forced tool an edit removed) is refused at save with the reason, never committed.
        ui.settings.addValidator(
            s -> {
              var registry = LiveTools.registry(toolsConfig, s.tools(), lj, ext.secrets());
              checkForcedTools(assistantConfig, registry);
            });
      }
      proposals = SqliteProposedActionStore.open(assistantConfig.proposalsFile());
      SqliteProposedActionStore props = proposals;
      ToolSetup ft = fileTools;
      LiveTools lt = liveTools;
      LiveJiraClient lj = liveJira;
      LiveChatModel lm = liveModel;
      AtomicReference<ReplyOrchestrator> built = new AtomicReference<>();
      AtomicReference<PluginService> started = new AtomicReference<>();
      Consumer<Javalin> uiRoutes =
          ui == null
              ? null
              : ui.routes(
                  jira,
                  config.jira().baseUrl(),
                  toolsConfig,
                  ext.secrets(),
                  model,
                  () -> lt.current() == null ? null : lt.current().executor(),
                  assistantConfig::forcedToolFor,
                  () -> answeredTickets(started.get()),
                  guard.flaggedInputs());
      PluginService service =
          PluginService.start(
              config,
              inbox -> {
                // One effect guard for every orchestrator version: a settings change mid-event
                // must not let the new pipeline post the same reply again.
                LedgerEffectGuard effects = new LedgerEffectGuard(inbox.ledger());
                // One pipeline per settings version, on that version's concrete Jira client,
                // model and tools: an event keeps the pipeline it started with, so a swap never
                // mixes two Jira instances or models within one event.
                java.util.function.Function<Settings, ReplyOrchestrator> build =
                    s -> {
                      JiraClient j = s == null ? jira : lj.clientFor(s);
                      ChatModel raw = s == null ? model : lm.modelFor(s);
                      ModelEndpoint endpoint = s == null ? fileEndpoint : lm.endpointFor(s);
                      ToolSetup t = s == null ? ft : lt.forSettings(s, j, raw);
                      ToolLoopAssistant assistant =
                          new ToolLoopAssistant(
                              t.loop(),
                              t.registry(),
                              assistantConfig,
                              props,
                              new ModelAssistant(raw));
                      ReplyOrchestrator.Builder b =
                          guard.apply(
                              ReplyOrchestrator.builder(j, guard.wrap(raw))
                                  .config(s == null ? reply : s.reply())
                                  .tokenCounter(counters.forEndpoint(endpoint))
                                  .effectGuard(effects)
                                  .scheduler(ReplyScheduler.on(delays, Clock.systemUTC())),
                              assistant);
                      if (ext.inputCheck() != null) b.inputCheck(ext.inputCheck());
                      if (ext.outputCheck() != null) b.outputCheck(ext.outputCheck());
                      return b.build();
                    };
                if (ui == null) {
                  built.set(build.apply(null));
                } else {
                  // Live settings: each committed version (edit or rollback) rebuilds the
                  // pipeline; the next event uses it (docs/admin.md).
                  built.set(build.apply(ui.settings.current()));
                  ui.settings.addListener(s -> built.set(build.apply(s)));
                }
                // Each event takes the pipeline once and keeps it to the end.
                EventHandler current = event -> built.get().handle(event);
                return guard.wrap(current);
              },
              issueId -> jira.getTicket(issueId).key(),
              routes(guard.routes(), routes(uiRoutes, ext.routes())),
              PluginApp::retryLater);
      started.set(service);
      PluginApp app =
          new PluginApp(
              service,
              built,
              () -> lt == null ? ft : lt.current(),
              lt,
              proposals,
              model,
              delays,
              guard,
              ui,
              ft);
      app.resumeScheduledReplies();
      log.info(
          "assistant ready on port {}: Jira {}, model {} at {}, tools {}",
          service.port(),
          lj == null ? config.jira().baseUrl() : lj.config().baseUrl(),
          lm == null ? m.model() : lm.endpoint().model(),
          lm == null ? base : lm.endpoint().baseUrl(),
          app.tools().registry().names());
      return app;
    } catch (RuntimeException e) {
      delays.shutdownNow();
      if (fileTools != null) fileTools.close();
      if (liveTools != null) liveTools.close();
      try {
        guard.close();
      } catch (Exception closing) {
        e.addSuppressed(closing);
      }
      if (proposals != null) proposals.close();
      if (ui != null) ui.close();
      throw e;
    }
  }

  /**
   * The guard rails' builder; with live settings, the fallback bot's JSM knowledge-base search
   * follows the saved Jira connection too (rebuilt when it changes).
   */
  private static com.jsmai.plugin.app.guard.GuardRails.Builder guardBuilder(
      PluginConfig config, JiraClient jira, LiveJiraClient live) {
    var b = com.jsmai.plugin.app.guard.GuardRails.builder(config, jira);
    FaqConfig faq = config.get(FaqConfig.class);
    if (live != null && faq.fallbackBot() && faq.searchKnowledgeBase()) {
      AtomicReference<SearchOn> kb = new AtomicReference<>();
      b.knowledgeBase(
          (query, limit) -> {
            com.jsmai.plugin.jira.JiraConfig c = live.config();
            SearchOn cached = kb.get();
            if (cached == null || !cached.jira().equals(c)) {
              cached = new SearchOn(c, com.jsmai.plugin.app.guard.GuardRails.jsmKnowledgeBase(c));
              kb.set(cached);
            }
            return cached.kb().search(query, limit);
          });
    }
    return b;
  }

  /** The knowledge-base search for one Jira connection. */
  private record SearchOn(com.jsmai.plugin.jira.JiraConfig jira, KnowledgeBase kb) {}

  /** The chat client for one endpoint, with this file's model timeout. */
  private static ChatModel chatModel(ModelEndpoint e, ModelEndpointConfig m) {
    String key = e.apiKey() == null ? null : e.apiKey().reveal();
    OpenAiChatModel.Config mc =
        OpenAiChatModel.Config.of(modelRoot(e.baseUrl().toString()), e.model(), key);
    return new OpenAiChatModel(
        new OpenAiChatModel.Config(
            mc.baseUrl(),
            mc.model(),
            mc.apiKey(),
            mc.connectTimeout(),
            m.timeout(),
            mc.maxAttempts(),
            mc.initialBackoff(),
            mc.maxBackoff(),
            mc.breakerThreshold(),
            mc.breakerOpenFor()));
  }

  /** {@code assistant.forcedTools} must name tools the registry has. */
  static void checkForcedTools(AssistantConfig config, com.jsmai.plugin.tools.ToolRegistry tools) {
    for (String forced : config.forcedTools().values()) {
      if (tools.find(forced).isEmpty()) {
        throw new com.jsmai.plugin.settings.SettingsException(
            "assistant.forcedTools (config file) names "
                + forced
                + ", which these settings do not define (tools: "
                + tools.names()
                + ")");
      }
    }
  }

  /**
   * The token counter for the model endpoint in use: the server's own tokenizer, falling back to an
   * estimate. Rebuilt only when the endpoint changes.
   */
  private static final class Counters {
    private final int contextWindow;
    private ModelEndpoint endpoint;
    private TokenCounter counter;

    Counters(int contextWindow) {
      this.contextWindow = contextWindow;
    }

    synchronized TokenCounter forEndpoint(ModelEndpoint e) {
      if (counter == null || !e.equals(endpoint)) {
        endpoint = e;
        counter =
            TokenCounter.withFallback(
                new RemoteTokenCounter(
                    modelRoot(e.baseUrl().toString()),
                    e.model(),
                    e.apiKey() == null ? null : e.apiKey().reveal(),
                    Duration.ofSeconds(5)),
                new EstimatingTokenCounter(contextWindow));
      }
      return counter;
    }
  }

  /**
   * "Not yet" failures: the model is unreachable (the orchestrator hands off after its model
   * deadline) or another worker holds the event's effect claim. They do not use up attempts.
   */
  static boolean retryLater(Throwable e) {
    return e instanceof ModelUnavailableException || e instanceof EffectInProgressException;
  }

  /** The guard rails' routes ({@code /metrics}, audit admin) plus the other features' routes. */
  private static Consumer<Javalin> routes(Consumer<Javalin> guard, Consumer<Javalin> others) {
    return app -> {
      if (guard != null) guard.accept(app);
      if (others != null) others.accept(app);
    };
  }

  /** The chat client appends {@code /v1/...} itself; accept a base URL written with it. */
  static String modelRoot(String url) {
    String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    return u.endsWith("/v1") ? u.substring(0, u.length() - 3) : u;
  }

  /**
   * Delayed replies live in the scheduler's memory and the ticket's issue property; after a restart
   * the tickets of recent events are checked and their pending replies re-armed.
   */
  private void resumeScheduledReplies() {
    Set<String> keys = new LinkedHashSet<>();
    for (InboxEntry e : service.inbox().list(InboxEntry.Status.DONE, RESUME_SCAN)) {
      if (e.event().issueKey() != null) keys.add(e.event().issueKey());
    }
    int resumed = 0;
    for (String key : keys) {
      try {
        if (orchestrator.get().resumeScheduled(key)) resumed++;
      } catch (RuntimeException e) {
        log.warn("{}: could not check for a delayed reply at startup: {}", key, e.getMessage());
      }
    }
    if (resumed > 0) log.info("re-armed {} delayed replies after restart", resumed);
  }

  private static void logToolCall(com.jsmai.plugin.tools.ToolCallRecord r) {
    // Arguments and results may hold customer data: the outcome and timing only.
    log.info(
        "{}: tool {} -> {} in {} ms", r.ticketKey(), r.tool(), r.outcome(), r.latency().toMillis());
  }

  public int port() {
    return service.port();
  }

  public PluginService service() {
    return service;
  }

  /** The reply pipeline now (rebuilt on each settings version when the UI is on). */
  public ReplyOrchestrator orchestrator() {
    return orchestrator.get();
  }

  /** The live settings store, or null when {@code ui.enabled} is false. */
  public com.jsmai.plugin.settings.SettingsStore settings() {
    return ui == null ? null : ui.settings;
  }

  public ProposedActionStore proposals() {
    return proposals;
  }

  /** The pipeline's tools now (for the current settings version when the UI is on). */
  public ToolSetup tools() {
    return tools.get();
  }

  /**
   * The pipeline's model: with the UI on, a {@link LiveChatModel} on the active endpoint of the
   * settings; otherwise the config file's.
   */
  public ChatModel model() {
    return model;
  }

  @Override
  public void close() {
    delays.shutdownNow();
    service.close();
    if (liveTools != null) liveTools.close();
    if (fileTools != null) fileTools.close();
    proposals.close();
    try {
      guard.close();
    } catch (Exception e) {
      log.warn("closing the guard rails: {}", e.getMessage());
    }
    if (ui != null) ui.close();
  }

  /**
   * Tickets the pipeline handled (recent finished inbox events), for the admin CSAT screen; the
   * CSAT reader reads each one's rating from JSM.
   */
  private static java.util.Collection<String> answeredTickets(PluginService service) {
    if (service == null) return java.util.List.of();
    Set<String> keys = new LinkedHashSet<>();
    for (InboxEntry e : service.inbox().list(InboxEntry.Status.DONE, RESUME_SCAN)) {
      if (e.event().issueKey() != null) keys.add(e.event().issueKey());
    }
    return keys;
  }
}
