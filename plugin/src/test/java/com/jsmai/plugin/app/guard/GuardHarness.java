package com.jsmai.plugin.app.guard;

import com.jsmai.plugin.config.ConfigLoader;
import com.jsmai.plugin.config.ConfigSections;
import com.jsmai.plugin.config.PluginConfig;
import com.jsmai.plugin.inbox.EventHandler;
import com.jsmai.plugin.jira.Comment;
import com.jsmai.plugin.jira.User;
import com.jsmai.plugin.llm.ChatModel;
import com.jsmai.plugin.policy.ReplyMode;
import com.jsmai.plugin.policy.ReplyPolicy;
import com.jsmai.plugin.policy.Scoped;
import com.jsmai.plugin.reply.Assistant;
import com.jsmai.plugin.reply.ModelAssistant;
import com.jsmai.plugin.reply.ReplyConfig;
import com.jsmai.plugin.reply.ReplyOrchestrator;
import com.jsmai.plugin.testing.FakeJira;
import com.jsmai.plugin.testing.ManualScheduler;
import com.jsmai.plugin.testing.MutableClock;
import com.jsmai.plugin.testing.ScriptedChatModel;
import com.jsmai.plugin.webhook.JiraEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;

/**
 * The reply pipeline as Main wires it, with the guard rails from a real YAML configuration, the
 * in-memory JSM ({@link FakeJira}), a scripted model and a real SQLite audit file.
 */
final class GuardHarness implements AutoCloseable {
  static final User ANA = new User("acc-ana", "Ana", "ana@example.com", "customer");
  static final User BEA = new User("acc-bea", "Bea", "bea@example.com", "customer");
  static final String AUDIT_KEY = Base64.getEncoder().encodeToString(keyBytes());

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
  final FakeJira jira = new FakeJira(clock);
  final ScriptedChatModel model = new ScriptedChatModel();
  final Path dir;
  final GuardRails guard;
  final ReplyOrchestrator orchestrator;
  final EventHandler handler;

  /**
   * @param yaml extra configuration (sections safety, faq, ratelimit, ...); the audit section is
   *     added here
   */
  GuardHarness(
      Path dir,
      String yaml,
      Function<GuardRails.Builder, GuardRails.Builder> customise,
      Function<ChatModel, Assistant> assistant)
      throws IOException {
    this.dir = dir;
    this.guard = customise.apply(GuardRails.builder(config(dir, yaml), jira).clock(clock)).build();
    ChatModel wrapped = guard.wrap(model);
    this.orchestrator =
        guard
            .apply(ReplyOrchestrator.builder(jira, wrapped), assistant.apply(wrapped))
            .clock(clock)
            .scheduler(new ManualScheduler())
            .config(
                ReplyConfig.defaults()
                    .withPolicies(Scoped.of(ReplyPolicy.defaults().withMode(ReplyMode.AUTO))))
            .build();
    this.handler = guard.wrap(orchestrator);
  }

  GuardHarness(Path dir, String yaml) throws IOException {
    this(dir, yaml, b -> b, ModelAssistant::new);
  }

  private static byte[] keyBytes() {
    byte[] k = new byte[32];
    for (int i = 0; i < k.length; i++) k[i] = (byte) (i * 7 + 3);
    return k;
  }

  static PluginConfig config(Path dir, String yaml) throws IOException {
    Path file = dir.resolve("jsmai.yaml");
    String audit =
        "webhook:\n  secret: test-webhook-secret\n"
            + "audit:\n  enabled: true\n  file: "
            + dir.resolve("audit.db")
            + "\n  keys:\n    k1: "
            + AUDIT_KEY
            + "\n  currentKey: k1\n";
    Files.writeString(file, audit + yaml);
    return new ConfigLoader(ConfigSections.ALL, Map.of()).load(file);
  }

  JiraEvent created(String key, User who) {
    return new JiraEvent(
        "d-created-" + key,
        JiraEvent.Kind.ISSUE_CREATED,
        key,
        null,
        null,
        who.accountId(),
        "customer",
        clock.millis(),
        "{}");
  }

  JiraEvent commented(String key, Comment c) {
    return new JiraEvent(
        "d-" + c.id(),
        JiraEvent.Kind.COMMENT_CREATED,
        key,
        null,
        c.id(),
        c.author().accountId(),
        c.author().type(),
        clock.millis(),
        "{}");
  }

  /**
   * Assistant comments on {@code key} that customers can see, other than the fixed public handoff
   * notice of auto mode (count those with {@link #handoffNotices}).
   */
  long publicReplies(String key) {
    return jira.assistantComments(key).stream()
        .filter(Comment::isPublic)
        .filter(c -> !isHandoffNotice(key, c))
        .count();
  }

  /** The public "a person will reply here" notices posted on handoffs (docs/reply-policy.md). */
  long handoffNotices(String key) {
    return jira.assistantComments(key).stream()
        .filter(Comment::isPublic)
        .filter(c -> isHandoffNotice(key, c))
        .count();
  }

  private boolean isHandoffNotice(String key, Comment c) {
    return jira.getCommentProperty(key, c.id(), ReplyOrchestrator.COMMENT_PROPERTY)
        .map(m -> m.path("kind").asText().equals("handoffNotice"))
        .orElse(false);
  }

  @Override
  public void close() {
    guard.close();
  }
}
