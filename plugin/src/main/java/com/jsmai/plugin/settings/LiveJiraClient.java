package com.jsmai.plugin.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.jsmai.plugin.jira.Comment;
import com.jsmai.plugin.jira.JiraClient;
import com.jsmai.plugin.jira.JiraClients;
import com.jsmai.plugin.jira.JiraConfig;
import com.jsmai.plugin.jira.Ticket;
import com.jsmai.plugin.jira.User;
import com.jsmai.plugin.reply.CommentPropertyReader;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link JiraClient} that always talks to the Jira connection currently saved in the {@link
 * SettingsStore}: an admin who changes the base URL, flavour or credentials (or rolls them back)
 * changes the next request, without a restart. The REST client is rebuilt only when the effective
 * connection changes.
 *
 * <p>Precedence (docs/configuration.md): the saved connection wins when it has a base URL and the
 * credentials its flavour needs; otherwise the config file's {@code jira} section is used. Timeouts
 * and retries always come from the config file (the admin screens do not edit them).
 *
 * <p>Each call goes wholly to one client; a call in flight when the connection changes finishes on
 * the client it started with. Callers that must not mix two connections within one piece of work
 * (the reply pipeline, for one event) take {@link #clientFor} once and keep it.
 *
 * <p>Thread-safe.
 */
public final class LiveJiraClient implements JiraClient, CommentPropertyReader {
  private final SettingsStore store;
  private final JiraConfig file;
  private final Function<JiraConfig, JiraClient> factory;
  private volatile Built built;

  private record Built(JiraConfig config, JiraClient client) {}

  /**
   * @param file the config file's connection (fallback, and source of timeouts and retries), or
   *     null when there is none
   * @param factory makes a client for a connection (production: {@link JiraClients#create})
   */
  public LiveJiraClient(
      SettingsStore store, JiraConfig file, Function<JiraConfig, JiraClient> factory) {
    this.store = Objects.requireNonNull(store, "store");
    this.file = file;
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  public LiveJiraClient(SettingsStore store, JiraConfig file) {
    this(store, file, JiraClients::create);
  }

  /**
   * The connection {@code settings} select: the saved one when usable, else the config file's.
   *
   * @throws IllegalStateException when neither has a usable connection
   */
  public JiraConfig configFor(Settings settings) {
    Optional<JiraConfig> saved = settings.jira().filter(JiraConfig::hasCredentials);
    if (saved.isEmpty()) {
      if (file == null) {
        throw new IllegalStateException(
            "no Jira connection is configured (admin: Jira connection, with a token)");
      }
      return file;
    }
    JiraConfig s = saved.get();
    if (file == null) return s;
    return new JiraConfig(
        s.flavor(),
        s.baseUrl(),
        s.email(),
        s.apiToken(),
        s.personalAccessToken(),
        file.connectTimeout(),
        file.readTimeout(),
        file.maxRetries(),
        file.maxRetryWait());
  }

  /** The connection the next request uses. */
  public JiraConfig config() {
    return configFor(store.current());
  }

  /**
   * The concrete client for {@code settings}; the same instance while the connection is unchanged.
   */
  public JiraClient clientFor(Settings settings) {
    JiraConfig c = configFor(settings);
    Built b = built;
    if (b == null || !b.config().equals(c)) {
      b = new Built(c, factory.apply(c));
      built = b;
    }
    return b.client();
  }

  /** The concrete client the next request goes to. */
  public JiraClient current() {
    return clientFor(store.current());
  }

  @Override
  public Ticket getTicket(String issueKey) {
    return current().getTicket(issueKey);
  }

  @Override
  public List<Comment> getComments(String issueKey) {
    return current().getComments(issueKey);
  }

  @Override
  public Optional<Comment> getComment(String issueKey, String commentId) {
    return current().getComment(issueKey, commentId);
  }

  @Override
  public Comment addComment(String issueKey, String body, boolean isPublic) {
    return current().addComment(issueKey, body, isPublic);
  }

  @Override
  public Optional<JsonNode> getIssueProperty(String issueKey, String propertyKey) {
    return current().getIssueProperty(issueKey, propertyKey);
  }

  @Override
  public void setIssueProperty(String issueKey, String propertyKey, JsonNode value) {
    current().setIssueProperty(issueKey, propertyKey, value);
  }

  @Override
  public void setCommentProperty(
      String issueKey, String commentId, String propertyKey, JsonNode value) {
    current().setCommentProperty(issueKey, commentId, propertyKey, value);
  }

  @Override
  public Optional<JsonNode> getCommentProperty(
      String issueKey, String commentId, String propertyKey) {
    return current() instanceof CommentPropertyReader r
        ? r.getCommentProperty(issueKey, commentId, propertyKey)
        : Optional.empty();
  }

  @Override
  public User myself() {
    return current().myself();
  }

  @Override
  public List<Ticket> recentRequestsOf(String accountId, int limit) {
    return current().recentRequestsOf(accountId, limit);
  }

  @Override
  public void transition(String issueKey, String transitionName, String comment) {
    current().transition(issueKey, transitionName, comment);
  }

  @Override
  public void setPriority(String issueKey, String priorityName) {
    current().setPriority(issueKey, priorityName);
  }

  @Override
  public void addLabels(String issueKey, List<String> labels) {
    current().addLabels(issueKey, labels);
  }

  @Override
  public Ticket createLinkedRequest(
      String issueKey, String serviceDeskId, String requestTypeId, String summary, String body) {
    return current().createLinkedRequest(issueKey, serviceDeskId, requestTypeId, summary, body);
  }
}
