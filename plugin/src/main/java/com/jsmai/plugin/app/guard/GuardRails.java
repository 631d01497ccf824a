package com.jsmai.plugin.app.guard;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.plugin.app.ReplySection;
import com.jsmai.plugin.audit.AuditLog;
import com.jsmai.plugin.audit.AuditRecorder;
import com.jsmai.plugin.concurrent.DaemonThreads;
import com.jsmai.plugin.config.PluginConfig;
import com.jsmai.plugin.faq.Embedder;
import com.jsmai.plugin.faq.FallbackBot;
import com.jsmai.plugin.faq.FaqEntry;
import com.jsmai.plugin.faq.InstantAnswerCache;
import com.jsmai.plugin.faq.JsmKnowledgeBase;
import com.jsmai.plugin.faq.KnowledgeBase;
import com.jsmai.plugin.faq.OnnxEmbedder;
import com.jsmai.plugin.flagged.FlaggedInputStore;
import com.jsmai.plugin.flagged.FlaggedInputs;
import com.jsmai.plugin.inbox.EventHandler;
import com.jsmai.plugin.jira.JiraClient;
import com.jsmai.plugin.jira.JiraConfig;
import com.jsmai.plugin.jira.Ticket;
import com.jsmai.plugin.llm.ChatModel;
import com.jsmai.plugin.metrics.PluginMetrics;
import com.jsmai.plugin.policy.Scoped;
import com.jsmai.plugin.prompt.PromptConfig;
import com.jsmai.plugin.prompt.SystemPromptBuilder;
import com.jsmai.plugin.ratelimit.LocalRateLimiter;
import com.jsmai.plugin.ratelimit.RateLimiter;
import com.jsmai.plugin.ratelimit.RedisRateLimiter;
import com.jsmai.plugin.ratelimit.ReplyRateLimits;
import com.jsmai.plugin.reply.Assistant;
import com.jsmai.plugin.reply.ReplyOrchestrator;
import com.jsmai.plugin.safety.DeskContextCheck;
import com.jsmai.plugin.safety.DeskPolicy;
import com.jsmai.plugin.safety.InjectionClassifier;
import com.jsmai.plugin.safety.InputGuard;
import com.jsmai.plugin.safety.OutputGuard;
import com.jsmai.plugin.tools.ToolCallRecorder;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;

/**
 * The one entry point that puts issue 8's guard rails into the running plugin: input and output
 * checks, instant answers, the fallback bot, the audit log, rate limits and metrics. Main wires it
 * in five lines (docs/safety.md, "Wiring"):
 *
 * <pre>{@code
 * GuardRails guard = GuardRails.create(config, jira);
 * ChatModel model = guard.wrap(rawModel);                       // audit, latency, model-call limit
 * ReplyOrchestrator orchestrator =
 *     guard.apply(ReplyOrchestrator.builder(jira, model), assistant).build();
 * EventHandler handler = guard.wrap(orchestrator);              // hand this to the inbox
 * Consumer<Javalin> routes = guard.routes();                    // /metrics, /admin/api/audit...
 * }</pre>
 *
 * and {@code guard.recorder()} goes to the tool loop, {@code guard.close()} at shutdown.
 * Thread-safe.
 */
public final class GuardRails implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GuardRails.class);

  private final PluginMetrics metrics;
  private final AuditLog auditLog;
  private final AuditTrail audit;
  private final InputGuard inputGuard;
  private final InputGuard faqHitGuard; // null unless the learned stage and instant answers are on
  private final InstantAnswerLookup instantAnswers; // null when instant answers are off
  private final OutputGuard outputGuard;
  private final InstantAnswerCache cache;
  private final FallbackBot bot;
  private final ReplyRateLimits limits;
  private final JiraClient jira;
  private final int inboxMaxAttempts;
  private final GuardRoutes routes;
  private final ScheduledExecutorService purger;
  private final List<AutoCloseable> closeables;
  private final List<FaqEntry> faqEntries;
  private final Function<Ticket, DeskPolicy> deskPolicies;
  private final FlaggedInputs flagged;
  private Embedder botEnglish;
  private Embedder botChinese;

  private GuardRails(Builder b) {
    this.jira = b.jira;
    this.metrics = b.metrics != null ? b.metrics : new PluginMetrics();
    this.closeables = new ArrayList<>();
    SafetyConfig safety = b.config.get(SafetyConfig.class);
    FaqConfig faq = b.config.get(FaqConfig.class);
    AuditConfig auditConfig = b.config.get(AuditConfig.class);
    RateLimitConfig rl = b.config.get(RateLimitConfig.class);
    this.outputGuard = new OutputGuard(safety.output());
    this.inboxMaxAttempts = b.config.inbox().maxAttempts();

    if (auditConfig.enabled()) {
      auditLog =
          new AuditLog(
              new AuditLog.Config(
                  auditConfig.file(), auditConfig.retention(), auditConfig.keyRing()),
              b.clock);
      closeables.add(auditLog);
      purger = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("audit-purge"));
      auditLog.schedulePurge(purger, auditConfig.purgeEvery());
    } else {
      auditLog = null;
      purger = null;
      log.warn("audit log is off (audit.enabled=false): conversations are not recorded");
    }
    this.audit = new AuditTrail(auditLog == null ? null : new AuditRecorder(auditLog));
    this.flagged = flaggedInputs(b.config.get(FlaggedInputsConfig.class), auditConfig, b.clock);

    this.faqEntries = new ArrayList<>(b.faqEntries != null ? b.faqEntries : loadEntries(faq));
    if (faq.instantAnswers()) {
      cache = new InstantAnswerCache(faq.cache(), redis(faq.redisUrl()), metrics);
      faqEntries.forEach(cache::putEntry);
    } else {
      cache = null;
    }
    if (faq.fallbackBot()) {
      Embedder en = b.english;
      Embedder zh = b.chinese;
      if (en == null) {
        en = loadEncoder(OnnxEmbedder.Model.BGE_SMALL_EN_V15);
        zh = loadEncoder(OnnxEmbedder.Model.BGE_SMALL_ZH_V15);
      }
      KnowledgeBase kb =
          b.knowledgeBase != null
              ? b.knowledgeBase
              : faq.searchKnowledgeBase() ? jsmKnowledgeBase(b.config.jira()) : KnowledgeBase.NONE;
      bot = new FallbackBot(faq.bot(), faqEntries, en, zh, kb);
      botEnglish = en;
      botChinese = zh;
    } else {
      bot = null;
    }

    // The context stage compares customer text with what the ticket's desk prompt protects; its
    // encoder is the fallback bot's English one when there is one, else loaded on first use (only
    // a desk whose prompt forbids topics or restricts its scope needs it).
    Embedder shared = b.english != null ? b.english : bot != null ? botEnglish : null;
    // Chinese text, or a desk prompt written in Chinese, is compared with bge-small-zh: the bot's
    // when it has one, else loaded on the first such comparison (docs/safety.md, context stage).
    Embedder sharedChinese = b.chinese != null ? b.chinese : bot != null ? botChinese : null;
    // The learned stage embeds every text, so its encoder is loaded now: a missing or broken model
    // stops startup with the reason instead of failing ticket by ticket. Loaded first so that the
    // context stage shares it rather than loading a second bge-small-en.
    InjectionClassifier learned = null;
    if (safety.learnedClassifier() != InjectionClassifier.Mode.NONE) {
      try {
        if (shared == null) shared = loadEncoder(OnnxEmbedder.Model.BGE_SMALL_EN_V15);
        InjectionClassifier.Weights weights =
            safety.learnedClassifierWeights() == null
                ? InjectionClassifier.shipped()
                : LearnedWeightsFile.read(safety.learnedClassifierWeights(), shared.name());
        learned = new InjectionClassifier(weights, shared, safety.learnedClassifier());
      } catch (RuntimeException | LinkageError e) {
        close(); // what was opened so far (the audit log, encoders)
        throw new IllegalStateException(
            "safety.learnedClassifier is "
                + safety.learnedClassifier()
                + " (FULL is the default) but its stage cannot start (set safety.learnedClassifier:"
                + " NONE to run without it): "
                + e.getMessage(),
            e);
      }
    } else if (safety.learnedClassifierWeights() != null) {
      log.warn(
          "safety.learnedClassifierWeights is set but safety.learnedClassifier is NONE: {} is"
              + " not read",
          safety.learnedClassifierWeights());
    }
    DeskContextCheck context = null;
    if (safety.contextCheck()) {
      Supplier<Embedder> encoder = null;
      Supplier<Embedder> chineseEncoder = null;
      if (safety.contextEmbeddings()) {
        Embedder english = shared;
        encoder =
            english != null
                ? () -> english
                : () -> loadEncoder(OnnxEmbedder.Model.BGE_SMALL_EN_V15);
        // Encoders injected without a Chinese one (embedders(en, null)): en serves both, as in
        // the bot; otherwise the bot's Chinese encoder, or bge-small-zh loaded on first need.
        boolean englishOnly = b.english != null && b.chinese == null;
        if (!englishOnly) {
          chineseEncoder =
              sharedChinese != null
                  ? () -> sharedChinese
                  : () -> loadEncoder(OnnxEmbedder.Model.BGE_SMALL_ZH_V15);
        }
      }
      context = new DeskContextCheck(safety.context(), encoder, chineseEncoder);
    }
    this.inputGuard = new InputGuard(safety.input(), context, learned);
    this.instantAnswers = cache != null ? new InstantAnswerLookup(cache) : null;
    // A ticket the cache answers gets approved text, which nothing in the ticket can steer: its
    // input check skips the learned stage's encoder call (docs/safety.md, "Wiring").
    this.faqHitGuard =
        learned != null && instantAnswers != null ? inputGuard.withoutLearnedStage() : null;
    this.deskPolicies =
        deskPolicies(
            b.prompts != null
                ? b.prompts
                : fixed(b.config.get(ReplySection.class).toReplyConfig().prompts()),
            safety.contextCheck());

    if (rl.enabled()) {
      JedisPooled r = redis(rl.redisUrl());
      RateLimiter limiter =
          r == null ? new LocalRateLimiter() : new RedisRateLimiter(r, "jsmai:rl:");
      limits = new ReplyRateLimits(rl.limits(), limiter);
    } else {
      limits = null;
    }
    this.routes =
        new GuardRoutes(
            b.config.get(MetricsConfig.class),
            metrics,
            auditLog,
            auditConfig.retention(),
            b.adminAuth,
            b.config.webhook().path(),
            b.clock);
  }

  /**
   * What each ticket's desk prompt protects: the prompt template in force for its desk and request
   * type (read at each check, so a template an admin saves applies to the next ticket), with the
   * default guidance when the desk includes it; parsed once per distinct prompt. Always {@link
   * DeskPolicy#NONE} when the context check is off.
   */
  private static Function<Ticket, DeskPolicy> deskPolicies(
      Supplier<Scoped<PromptConfig>> prompts, boolean on) {
    if (!on) return t -> DeskPolicy.NONE;
    Map<String, DeskPolicy> parsed = new ConcurrentHashMap<>();
    return ticket -> {
      PromptConfig p = prompts.get().resolve(ticket.serviceDeskId(), ticket.requestTypeId());
      String text =
          p.template().text()
              + (p.includeDefaultGuidance() ? "\n\n" + SystemPromptBuilder.DEFAULT_GUIDANCE : "");
      return parsed.computeIfAbsent(text, DeskPolicy::parse);
    };
  }

  private static <T> Supplier<T> fixed(T value) {
    return () -> value;
  }

  /** The guard rails as configured, with the real encoders and JSM knowledge-base search. */
  public static GuardRails create(PluginConfig config, JiraClient jira) {
    return builder(config, jira).build();
  }

  public static Builder builder(PluginConfig config, JiraClient jira) {
    return new Builder(config, jira);
  }

  /** Optional parts; everything else comes from the configuration. */
  public static final class Builder {
    private final PluginConfig config;
    private final JiraClient jira;
    private PluginMetrics metrics;
    private Embedder english;
    private Embedder chinese;
    private KnowledgeBase knowledgeBase;
    private List<FaqEntry> faqEntries;
    private AdminAuth adminAuth = AdminAuth.DENY_ALL;
    private Clock clock = Clock.systemUTC();
    private Supplier<Scoped<PromptConfig>> prompts;

    private Builder(PluginConfig config, JiraClient jira) {
      this.config = Objects.requireNonNull(config, "config");
      this.jira = Objects.requireNonNull(jira, "jira");
    }

    /** Share one metrics registry with other components; default a new one. */
    public Builder metrics(PluginMetrics m) {
      this.metrics = Objects.requireNonNull(m, "metrics");
      return this;
    }

    /** The fallback bot's encoders; default the ONNX bge-small models (chinese may be null). */
    public Builder embedders(Embedder english, Embedder chinese) {
      this.english = Objects.requireNonNull(english, "english");
      this.chinese = chinese;
      return this;
    }

    /** Articles for the fallback bot; default JSM knowledge-base search with Jira's credentials. */
    public Builder knowledgeBase(KnowledgeBase kb) {
      this.knowledgeBase = Objects.requireNonNull(kb, "knowledgeBase");
      return this;
    }

    /** The approved FAQ entries at start; default {@code faq.entriesFile}. */
    public Builder faqEntries(List<FaqEntry> entries) {
      this.faqEntries = List.copyOf(entries);
      return this;
    }

    /** Who may read the audit log over HTTP; default nobody. */
    public Builder adminAuth(AdminAuth auth) {
      this.adminAuth = Objects.requireNonNull(auth, "adminAuth");
      return this;
    }

    /**
     * The desks' prompt templates that the input check's desk-context stage reads; default this
     * file's {@code reply.prompts}. The service passes the live settings' templates, so an admin's
     * edit applies without a restart.
     */
    public Builder prompts(Supplier<Scoped<PromptConfig>> p) {
      this.prompts = Objects.requireNonNull(p, "prompts");
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    public GuardRails build() {
      return new GuardRails(this);
    }
  }

  /**
   * Sets the orchestrator's input check, output check and decision listener, and wraps {@code
   * assistant} (the tool loop, or {@code new ModelAssistant(model)}).
   */
  public ReplyOrchestrator.Builder apply(ReplyOrchestrator.Builder builder, Assistant assistant) {
    return builder
        .assistant(wrap(assistant))
        .inputCheck(
            new GuardInputCheck(
                inputGuard,
                metrics,
                audit,
                deskPolicies,
                flagged,
                faqHitGuard,
                faqHitGuard == null ? null : instantAnswers))
        .outputCheck(new GuardOutputCheck(outputGuard, jira, metrics, audit))
        .decisionListener(new GuardDecisionListener(metrics, audit));
  }

  /** Rate limit, instant answer, fencing and fallback around an assistant. */
  public Assistant wrap(Assistant assistant) {
    return new GuardedAssistant(
        Objects.requireNonNull(assistant, "assistant"),
        instantAnswers,
        bot,
        limits,
        metrics,
        audit);
  }

  /** Audit, latency metrics and the model-call limit around the chat model. */
  public ChatModel wrap(ChatModel model) {
    return new GuardedChatModel(Objects.requireNonNull(model, "model"), limits, metrics, audit);
  }

  /** Per-event context and "queued, never dropped" around the inbox's handler. */
  public EventHandler wrap(EventHandler handler) {
    return new GuardedEventHandler(
        Objects.requireNonNull(handler, "handler"), inboxMaxAttempts, audit);
  }

  /** Audits and counts every tool call. */
  public ToolCallRecorder recorder() {
    return recorder(null);
  }

  /** Audits and counts every tool call, then hands it to {@code next} (may be null). */
  public ToolCallRecorder recorder(ToolCallRecorder next) {
    return new AuditingToolCallRecorder(metrics, audit, next);
  }

  /** {@code GET /metrics}, the admin audit search and export, webhook counters. */
  public Consumer<Javalin> routes() {
    return routes;
  }

  /** The agent panel calls this when an agent accepts, edits or rejects a suggestion. */
  public void suggestionDecided(String decision) {
    if (!Set.of("accepted", "edited", "rejected").contains(decision)) {
      throw new IllegalArgumentException(
          "decision must be accepted, edited or rejected, was: " + decision);
    }
    metrics.suggestion(decision);
  }

  /**
   * Replaces the approved FAQ entries (the admin screen after an edit): the fallback bot re-indexes
   * and the instant-answer cache learns the new questions. Questions of removed entries are
   * invalidated.
   */
  public synchronized void updateFaq(List<FaqEntry> entries) {
    List<FaqEntry> copy = List.copyOf(entries);
    if (cache != null) {
      for (FaqEntry old : faqEntries) old.questions().forEach(cache::invalidate);
      copy.forEach(cache::putEntry);
    }
    if (bot != null) bot.reindex(copy);
    faqEntries.clear();
    faqEntries.addAll(copy);
  }

  public PluginMetrics metrics() {
    return metrics;
  }

  /**
   * Tickets the input check flagged and the agents' verdicts on them, for the agent panel and the
   * admin screen; null when {@code flaggedInputs} is off (by default, whenever the audit log is).
   */
  public FlaggedInputs flaggedInputs() {
    return flagged;
  }

  /** The audit log, or null when {@code audit.enabled} is false. */
  public AuditLog auditLog() {
    return auditLog;
  }

  /** Audit writes that failed since start (each also logged). */
  public long auditFailures() {
    return audit.failures();
  }

  @Override
  public void close() {
    if (purger != null) purger.shutdownNow();
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        log.warn(
            "closing {} failed: {}", closeables.get(i).getClass().getSimpleName(), e.toString());
      }
    }
    if (purger != null) {
      try {
        purger.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The flagged-inputs store, encrypted with the audit log's keys and purged on the audit log's
   * schedule; null when off.
   */
  private FlaggedInputs flaggedInputs(FlaggedInputsConfig c, AuditConfig auditConfig, Clock clock) {
    if (!c.on(auditConfig)) return null;
    if (auditLog == null) {
      close();
      throw new IllegalArgumentException(
          "flaggedInputs.enabled is true but audit.enabled is false: flagged ticket text is"
              + " encrypted with the audit log's keys; enable the audit log or remove the key");
    }
    FlaggedInputStore store;
    try {
      store =
          FlaggedInputStore.open(
              new FlaggedInputStore.Config(
                  c.fileOr(auditConfig), c.retentionOr(auditConfig), auditConfig.keyRing()),
              clock);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    FlaggedInputs f = new FlaggedInputs(store, auditLog, metrics);
    closeables.add(f);
    purger.scheduleWithFixedDelay(
        () -> {
          try {
            f.purgeExpired();
          } catch (RuntimeException e) {
            log.warn("flagged-input purge failed: {}", e.getMessage()); // the next run retries
          }
        },
        0,
        auditConfig.purgeEvery().toMillis(),
        TimeUnit.MILLISECONDS);
    return f;
  }

  private JedisPooled redis(com.jsmai.plugin.config.Secret url) {
    if (url == null) return null;
    JedisPooled r = new JedisPooled(URI.create(url.reveal()));
    closeables.add(r);
    return r;
  }

  private static List<FaqEntry> loadEntries(FaqConfig faq) {
    if (faq.entriesFile() == null) return List.of();
    try {
      return new ObjectMapper()
          .readValue(
              Files.readString(faq.entriesFile(), StandardCharsets.UTF_8),
              new TypeReference<List<FaqEntry>>() {});
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "faq.entriesFile "
              + faq.entriesFile()
              + " is not a readable list of FAQ entries: "
              + e.getMessage(),
          e);
    }
  }

  /** Loads an ONNX encoder that this instance closes; safe from the context stage's threads. */
  private OnnxEmbedder loadEncoder(OnnxEmbedder.Model model) {
    OnnxEmbedder e = new OnnxEmbedder(model);
    synchronized (closeables) {
      closeables.add(e);
    }
    return e;
  }

  /**
   * JSM's knowledge-base search over {@code jira}'s connection, or {@link KnowledgeBase#NONE}
   * without credentials. {@code PluginApp} builds one per saved Jira connection (live settings).
   */
  public static KnowledgeBase jsmKnowledgeBase(JiraConfig jira) {
    if (!jira.hasCredentials()) return KnowledgeBase.NONE;
    String auth = jira.authorization();
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectTimeout(jira.connectTimeout())
            .readTimeout(jira.readTimeout())
            .build();
    return new JsmKnowledgeBase(http, HttpUrl.get(jira.baseUrl().toString()), auth, null);
  }
}
