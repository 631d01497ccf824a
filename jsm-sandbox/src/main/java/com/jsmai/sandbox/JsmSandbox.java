package com.jsmai.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.jsmai.sandbox.fault.Fault;
import com.jsmai.sandbox.http.LoggedRequest;
import com.jsmai.sandbox.http.SandboxServer;
import com.jsmai.sandbox.state.Account;
import com.jsmai.sandbox.state.Issue;
import com.jsmai.sandbox.state.IssueComment;
import com.jsmai.sandbox.state.RequestType;
import com.jsmai.sandbox.state.SandboxState;
import com.jsmai.sandbox.state.Seed;
import com.jsmai.sandbox.state.WebhookRegistration;
import com.jsmai.sandbox.webhook.DeliveryAttempt;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A running JSM simulator, for tests in other modules and for the demo. Start one per test class
 * (it takes well under a second), point the code under test at {@link #baseUrl()}, and drive the
 * customer side with the helpers here: they go through the same state and webhook machinery as the
 * REST API, so a ticket raised by {@link #raiseRequest} fires {@code jira:issue_created} exactly
 * like one raised over HTTP. Helper calls are not in the {@link #requests()} log; that log holds
 * only the REST calls the code under test made.
 *
 * <pre>{@code
 * try (JsmSandbox jira = JsmSandbox.start(SandboxConfig.defaults().withFlavor(Flavor.DC))) {
 *   jira.registerWebhook("http://127.0.0.1:8080/hook?issueKey=${issue.key}",
 *       List.of("comment_created", "jira:issue_created"), "s3cret");
 *   String key = jira.raiseRequest(jira.customers().get(0), "Where is my order?",
 *       "Where is #W2378156?", "It has not arrived.", "#W2378156");
 *   // ... the plugin reacts; then:
 *   jira.awaitDeliveries(Duration.ofSeconds(5));
 *   List<IssueComment> thread = jira.thread(key);
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class JsmSandbox implements AutoCloseable {
  private final SandboxServer server;

  private JsmSandbox(SandboxServer server) {
    this.server = server;
  }

  /** Starts a sandbox on the configured host and port (0 = any free port). */
  public static JsmSandbox start(SandboxConfig config) {
    return new JsmSandbox(new SandboxServer(config).start());
  }

  /** Starts a Cloud sandbox with {@link SandboxConfig#defaults()}. */
  public static JsmSandbox start() {
    return start(SandboxConfig.defaults());
  }

  /** For example {@code http://127.0.0.1:41234}; Jira's REST paths hang off it. */
  public String baseUrl() {
    return server.baseUrl();
  }

  public Flavor flavor() {
    return server.state().flavor();
  }

  private SandboxState state() {
    return server.state();
  }

  private SandboxAccount view(Account a) {
    return SandboxAccount.of(a, flavor());
  }

  // ------------------------------------------------------------ accounts

  /** The Jira administrator (may register webhooks). */
  public SandboxAccount admin() {
    return view(state().admin());
  }

  /** A service desk agent. */
  public SandboxAccount agent() {
    return view(state().agent());
  }

  /** The assistant's own account: accountType {@code app} on Cloud, a normal user on DC. */
  public SandboxAccount bot() {
    return view(state().bot());
  }

  /** The portal customers, in seed order. */
  public List<SandboxAccount> customers() {
    return state().customers().stream().map(this::view).toList();
  }

  /** An account by accountId, user name, user key or email. */
  public SandboxAccount account(String anyId) {
    return view(
        state()
            .findAccount(anyId)
            .orElseThrow(() -> new IllegalArgumentException("no sandbox account '" + anyId + "'")));
  }

  /**
   * An OAuth 2.0 access token for {@code account}, as Atlassian issues one when a user lets an app
   * act for them (Cloud: the user token Forge sends a remote in {@code x-forge-oauth-user}; Data
   * Center: Jira's OAuth 2.0 provider). Calls with {@code Authorization: Bearer <token>} run as
   * that account, with its permissions, and what they write is authored by it.
   */
  public String issueUserAccessToken(SandboxAccount account) {
    return state()
        .issueUserAccessToken(
            state()
                .account(account.accountId())
                .orElseThrow(() -> new IllegalArgumentException("unknown account " + account)));
  }

  // ------------------------------------------------------------ customer side

  /**
   * Raises a request in "Retail Support" as the customer, like the portal does.
   *
   * @param requestTypeName "Where is my order?", "Returns and refunds" or "General question"
   * @param orderNumber the "Order number" field (only on "Where is my order?"), or null
   * @return the issue key, for example {@code SD-1}
   */
  public String raiseRequest(
      SandboxAccount customer,
      String requestTypeName,
      String summary,
      String description,
      String orderNumber) {
    RequestType type =
        state().allRequestTypes().stream()
            .filter(t -> t.name().equalsIgnoreCase(requestTypeName))
            .findFirst()
            .orElseThrow(
                () -> new IllegalArgumentException("no request type '" + requestTypeName + "'"));
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("summary", summary);
    if (description != null) {
      fields.put("description", description);
    }
    if (orderNumber != null) {
      fields.put(Seed.ORDER_NUMBER_FIELD, orderNumber);
    }
    Account who = state().findAccount(customer.accountId()).orElseThrow();
    return state()
        .createRequest(who, type.serviceDeskId(), type.id(), fields, null, List.of())
        .key();
  }

  /**
   * Adds a comment as {@code author}, like {@code POST /rest/servicedeskapi/request/{key}/comment}
   * (customers may only add public comments).
   *
   * @return the comment id
   */
  public String addComment(String issueKey, SandboxAccount author, String body, boolean isPublic) {
    Account who = state().findAccount(author.accountId()).orElseThrow();
    return String.valueOf(state().addComment(who, state().issue(issueKey), body, isPublic).id());
  }

  /** The request as stored now (status, priority, labels, fields, properties). */
  public Issue ticket(String issueKey) {
    return state().issue(issueKey);
  }

  /** The whole thread, internal notes included, oldest first. */
  public List<IssueComment> thread(String issueKey) {
    return state().comments(state().issue(issueKey).id());
  }

  /** What the reporter sees in the portal: public comments only, oldest first. */
  public List<IssueComment> customerView(String issueKey) {
    Issue issue = state().issue(issueKey);
    Account reporter = state().account(issue.reporterId()).orElseThrow();
    return state().visibleComments(reporter, issue, true, true);
  }

  public Optional<JsonNode> issueProperty(String issueKey, String propertyKey) {
    return Optional.ofNullable(state().issue(issueKey).properties().get(propertyKey));
  }

  public Optional<JsonNode> commentProperty(String commentId, String propertyKey) {
    return Optional.ofNullable(
        state().comment(Long.parseLong(commentId)).properties().get(propertyKey));
  }

  // ------------------------------------------------------------ webhooks

  /**
   * Registers an admin webhook (as the admin), like {@code POST /rest/webhooks/1.0/webhook}.
   *
   * @param url target; may use {@code ${issue.key}}, {@code ${issue.id}}, {@code ${project.key}},
   *     {@code ${modifiedUser.name}} ...
   * @param events for example {@code jira:issue_created}, {@code comment_created}, {@code
   *     jira:issue_updated}
   * @param secret HMAC secret for {@code X-Hub-Signature}, or null for unsigned deliveries
   * @return the webhook id
   */
  public long registerWebhook(String url, List<String> events, String secret) {
    WebhookRegistration w =
        state().registerWebhook(state().admin(), "test webhook", url, events, "", false, secret);
    return w.id();
  }

  /** Every delivery attempt so far, retries and duplicates included, oldest first. */
  public List<DeliveryAttempt> deliveries() {
    return server.dispatcher().attempts();
  }

  /** Waits until every webhook delivery (and scheduled retry) has finished. */
  public boolean awaitDeliveries(Duration timeout) {
    try {
      return server.dispatcher().awaitIdle(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  // ------------------------------------------------------------ faults and logs

  /** Adds a fault, see {@link Fault}'s factory methods; returns it with its id. */
  public Fault injectFault(Fault fault) {
    return server.faults().add(fault);
  }

  public void clearFaults() {
    server.faults().clear();
  }

  /** The REST calls made to this sandbox, oldest first. */
  public List<LoggedRequest> requests() {
    return server.requests().all();
  }

  public void clearRequests() {
    server.requests().clear();
  }

  /** Back to the seed: no requests, webhooks, faults, logged calls or deliveries. */
  public void reset() {
    server.reset();
  }

  @Override
  public void close() {
    server.close();
  }
}
