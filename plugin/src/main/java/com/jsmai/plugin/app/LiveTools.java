package com.jsmai.plugin.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.jsmai.plugin.jira.JiraClient;
import com.jsmai.plugin.llm.ChatModel;
import com.jsmai.plugin.settings.Settings;
import com.jsmai.plugin.tools.SecretResolver;
import com.jsmai.plugin.tools.Secrets;
import com.jsmai.plugin.tools.Tool;
import com.jsmai.plugin.tools.ToolCallRecorder;
import com.jsmai.plugin.tools.ToolExecutor;
import com.jsmai.plugin.tools.ToolLoop;
import com.jsmai.plugin.tools.ToolRegistry;
import com.jsmai.plugin.tools.ToolSetup;
import com.jsmai.plugin.tools.ToolsConfig;
import com.jsmai.plugin.tools.http.AddressPolicy;
import com.jsmai.plugin.tools.http.Cidr;
import com.jsmai.plugin.tools.http.HttpToolDefinition;
import com.jsmai.plugin.tools.http.HttpTools;
import com.jsmai.plugin.tools.jira.JiraTools;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reply pipeline's tools for each settings version: the built-in Jira tools on that version's
 * Jira client plus the admin's HTTP tool definitions ({@code tools[]} of the settings), under the
 * config file's address policy ({@code tools.allowedHosts}, {@code tools.allowedPrivateRanges}),
 * secrets, timeouts and loop limits. The same {@link ToolSetup} serves the automatic pipeline, the
 * panel's drafts and the playground, so all three offer the same tools with the same validation,
 * ownership binding and address rules.
 *
 * <p>A setup is rebuilt only when the tool definitions, the Jira client or the model change. A
 * replaced setup keeps working for events already using it and is closed ten minutes later (or at
 * {@link #close}).
 *
 * <p>Thread-safe.
 */
public final class LiveTools implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LiveTools.class);
  private static final long RETIRE_AFTER_MINUTES = 10;

  private final ToolsConfig config;
  private final ToolCallRecorder recorder;
  private final SecretResolver secrets;
  private final UnaryOperator<ChatModel> wrapModel;
  private final List<ToolSetup> all = new ArrayList<>();
  private final ScheduledExecutorService closer;
  private Built built;

  private record Built(JsonNode definitions, JiraClient jira, ChatModel model, ToolSetup setup) {}

  /**
   * @param recorder receives one record per call (audit, metrics)
   * @param wrapModel wraps the model the tool loop calls (the guard rails' accounting)
   */
  public LiveTools(
      ToolsConfig config,
      ToolCallRecorder recorder,
      SecretResolver secrets,
      UnaryOperator<ChatModel> wrapModel) {
    this.config = Objects.requireNonNull(config, "config");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.wrapModel = wrapModel == null ? UnaryOperator.identity() : wrapModel;
    this.closer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "retired-tools-closer");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * The tools of {@code settings} on {@code jira}, the loop calling {@code model}; the same
   * instance as last time when nothing they depend on changed.
   *
   * @throws IllegalArgumentException when a definition cannot be built (naming it)
   */
  public synchronized ToolSetup forSettings(Settings settings, JiraClient jira, ChatModel model) {
    JsonNode definitions = settings.document().path("tools");
    Built b = built;
    if (b != null
        && b.definitions().equals(definitions)
        && b.jira() == jira
        && b.model() == model) {
      return b.setup();
    }
    ToolSetup setup =
        build(config, settings.tools(), jira, wrapModel.apply(model), recorder, secrets);
    all.add(setup);
    if (b != null) retire(b.setup());
    built = new Built(definitions.deepCopy(), jira, model, setup);
    return setup;
  }

  /** The newest setup built, or null before the first. */
  public synchronized ToolSetup current() {
    return built == null ? null : built.setup();
  }

  private void retire(ToolSetup old) {
    try {
      closer.schedule(
          () -> {
            synchronized (this) {
              all.remove(old);
            }
            old.close();
          },
          RETIRE_AFTER_MINUTES,
          TimeUnit.MINUTES);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing: close() closes every setup
    }
  }

  /**
   * The registry for {@code definitions} on {@code jira} (built-in Jira tools first), checked the
   * same way the pipeline builds it.
   */
  public static ToolRegistry registry(
      ToolsConfig config,
      List<HttpToolDefinition> definitions,
      JiraClient jira,
      SecretResolver secrets) {
    List<Tool> tools = new ArrayList<>(JiraTools.all(jira, config.jira()));
    HttpTools http = new HttpTools(addresses(config), new Secrets(secrets));
    for (HttpToolDefinition d : definitions) tools.add(http.create(d));
    return ToolRegistry.of(tools);
  }

  /** One setup: registry, executor and loop, as {@link ToolSetup#create} but from definitions. */
  public static ToolSetup build(
      ToolsConfig config,
      List<HttpToolDefinition> definitions,
      JiraClient jira,
      ChatModel model,
      ToolCallRecorder recorder,
      SecretResolver secrets) {
    ToolRegistry registry = registry(config, definitions, jira, secrets);
    ToolExecutor executor =
        new ToolExecutor(
            registry,
            recorder,
            new Secrets(secrets),
            config.callTimeout(),
            config.maxConcurrentCalls(),
            Clock.systemUTC());
    return new ToolSetup(registry, executor, new ToolLoop(model, executor, config.loop()));
  }

  /** The address policy every HTTP tool runs under: the config file's, never the admin screens'. */
  static AddressPolicy addresses(ToolsConfig config) {
    return new AddressPolicy(
        new HashSet<>(config.allowedHosts()),
        config.allowedPrivateRanges().stream().map(Cidr::parse).toList());
  }

  @Override
  public void close() {
    closer.shutdownNow();
    List<ToolSetup> open;
    synchronized (this) {
      open = new ArrayList<>(all);
      all.clear();
    }
    for (ToolSetup s : open) {
      try {
        s.close();
      } catch (RuntimeException e) {
        log.warn("closing tools: {}", e.getMessage());
      }
    }
  }
}
