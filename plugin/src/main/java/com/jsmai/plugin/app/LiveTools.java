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
import java.util.function.UnaryOperator;

/**
 * The reply pipeline's tools for each settings version: the built-in Jira tools on that version's
 * Jira client plus the admin's HTTP tool definitions ({@code tools[]} of the settings), under the
 * config file's address policy ({@code tools.allowedHosts}, {@code tools.allowedPrivateRanges}),
 * secrets, timeouts and loop limits. The same {@link ToolSetup} serves the automatic pipeline, the
 * panel's drafts and the playground, so all three offer the same tools with the same validation,
 * ownership binding and address rules.
 *
 * <p>A setup is rebuilt only when the tool definitions, the Jira client or the model change. A
 * replaced setup is not closed: events (and delayed replies, which run on the pipeline version that
 * scheduled them) keep using it for as long as they need; its call threads exit after 30 s idle and
 * it is garbage once no pipeline refers to it. {@link #close} closes the current one.
 *
 * <p>Thread-safe.
 */
public final class LiveTools implements AutoCloseable {

  private final ToolsConfig config;
  private final ToolCallRecorder recorder;
  private final SecretResolver secrets;
  private final UnaryOperator<ChatModel> wrapModel;
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
    built = new Built(definitions.deepCopy(), jira, model, setup);
    return setup;
  }

  /** The newest setup built, or null before the first. */
  public synchronized ToolSetup current() {
    return built == null ? null : built.setup();
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
  public synchronized void close() {
    if (built != null) built.setup().close();
  }
}
