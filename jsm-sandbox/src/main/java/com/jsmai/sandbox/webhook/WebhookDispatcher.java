package com.jsmai.sandbox.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.sandbox.fault.Fault;
import com.jsmai.sandbox.fault.FaultPlan;
import com.jsmai.sandbox.state.Account;
import com.jsmai.sandbox.state.Issue;
import com.jsmai.sandbox.state.SandboxEvent;
import com.jsmai.sandbox.state.SandboxState;
import com.jsmai.sandbox.state.WebhookRegistration;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers webhooks the way Jira Cloud does: asynchronously, one POST per registration and event,
 * signed when the registration has a secret, retried with exponential backoff on 408, 409, 425,
 * 429, 5xx, connection failure and timeout, with the same {@code X-Atlassian-Webhook-Identifier} on
 * every retry and {@code X-Atlassian-Webhook-Retry} from the first retry on.
 *
 * <p>The payload is rendered when the event happens, so a later change never leaks into it.
 */
public final class WebhookDispatcher implements SandboxEvent.Sink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<Integer> RETRYABLE = Set.of(408, 409, 425, 429);
  private static final int MAX_LOG = 5000;
  private static final Pattern PROJECT_EQ =
      Pattern.compile("(?i)project\\s*=\\s*\"?([A-Za-z0-9_]+)\"?");
  private static final Pattern PROJECT_IN = Pattern.compile("(?i)project\\s+in\\s*\\(([^)]*)\\)");

  private final SandboxState state;
  private final PayloadFactory payloads;
  private final FaultPlan faults;
  private final int maxRetries;
  private final Duration retryBaseDelay;
  private final Duration attemptTimeout;
  private final HttpClient http;
  private final ExecutorService senders;
  private final ScheduledExecutorService timer;
  private final AtomicInteger pending = new AtomicInteger();
  private final Deque<DeliveryAttempt> log = new ArrayDeque<>();

  public WebhookDispatcher(
      SandboxState state,
      PayloadFactory payloads,
      FaultPlan faults,
      int maxRetries,
      Duration retryBaseDelay,
      Duration attemptTimeout) {
    this.state = state;
    this.payloads = payloads;
    this.faults = faults;
    this.maxRetries = maxRetries;
    this.retryBaseDelay = retryBaseDelay;
    this.attemptTimeout = attemptTimeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(attemptTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.senders = Executors.newCachedThreadPool(daemon("sandbox-webhook"));
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("sandbox-webhook-timer"));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void emit(SandboxEvent event) {
    List<WebhookRegistration> targets = new ArrayList<>();
    Issue issue = state.issue(event.issueId());
    for (WebhookRegistration w : state.webhooks()) {
      if (w.enabled()
          && w.events().contains(event.webhookEvent())
          && filterMatches(w.jqlFilter(), issue)) {
        targets.add(w);
      }
    }
    if (targets.isEmpty()) {
      return;
    }
    boolean lie =
        faults.takeWebhook(Fault.Kind.WEBHOOK_JSD_PUBLIC_LIE, event.webhookEvent()).isPresent();
    Optional<ObjectNode> payload = payloads.build(event, lie);
    if (payload.isEmpty()) {
      return;
    }
    String json;
    try {
      json = JSON.writeValueAsString(payload.get());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    Account actor = state.account(event.actorId()).orElse(null);
    for (WebhookRegistration w : targets) {
      String body = w.excludeBody() ? "" : json;
      String url = substitute(w.url(), issue, actor);
      String identifier = UUID.randomUUID().toString();
      int copies =
          faults
              .takeWebhook(Fault.Kind.WEBHOOK_DUPLICATE, event.webhookEvent())
              .map(Fault::copies)
              .orElse(1);
      long delay =
          faults
              .takeWebhook(Fault.Kind.WEBHOOK_DELAY, event.webhookEvent())
              .map(Fault::delayMillis)
              .orElse(0L);
      for (int copy = 0; copy < copies; copy++) {
        Delivery d =
            new Delivery(w, event.webhookEvent(), url, identifier, body, copies > 1 ? copy : 0);
        pending.incrementAndGet();
        if (delay > 0) {
          timer.schedule(() -> senders.execute(() -> attempt(d, 0)), delay, TimeUnit.MILLISECONDS);
        } else {
          senders.execute(() -> attempt(d, 0));
        }
      }
    }
  }

  private record Delivery(
      WebhookRegistration webhook,
      String event,
      String url,
      String identifier,
      String body,
      int copy) {}

  private void attempt(Delivery d, int attempt) {
    byte[] bytes = d.body().getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(d.url()))
            .timeout(attemptTimeout)
            .header("Content-Type", "application/json; charset=utf-8")
            .header("User-Agent", "Atlassian Webhook HTTP Client")
            .header("X-Atlassian-Webhook-Identifier", d.identifier())
            .header("X-Atlassian-Webhook-Flow", "Primary")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    if (attempt > 0) {
      req.header("X-Atlassian-Webhook-Retry", String.valueOf(attempt));
    }
    if (d.webhook().secret() != null) {
      req.header(Signature.HEADER, Signature.sign(d.webhook().secret(), bytes));
    }
    Instant at = state.now();
    int status = -1;
    String error = null;
    try {
      status = http.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted";
    } catch (Exception e) {
      error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    record(
        new DeliveryAttempt(
            d.identifier(),
            d.webhook().id(),
            d.event(),
            d.url(),
            attempt,
            d.copy(),
            status,
            error,
            at,
            d.body()));
    boolean retry = status == -1 || RETRYABLE.contains(status) || status >= 500;
    if (retry && attempt < maxRetries) {
      long delay = retryBaseDelay.toMillis() * (1L << Math.min(attempt, 16));
      timer.schedule(
          () -> senders.execute(() -> attempt(d, attempt + 1)), delay, TimeUnit.MILLISECONDS);
      return;
    }
    if (retry) {
      LOG.info(
          "webhook {} to {} given up after {} attempts (last status {})",
          d.event(),
          d.url(),
          attempt + 1,
          status);
    }
    pending.decrementAndGet();
  }

  private void record(DeliveryAttempt a) {
    synchronized (log) {
      log.addLast(a);
      while (log.size() > MAX_LOG) {
        log.removeFirst();
      }
    }
  }

  /** Every attempt so far, oldest first (the last 5000). */
  public List<DeliveryAttempt> attempts() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  public void clearLog() {
    synchronized (log) {
      log.clear();
    }
  }

  /** Deliveries not yet finished (including scheduled retries). */
  public int pending() {
    return pending.get();
  }

  /** Waits until no delivery is pending; returns false on timeout. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (pending.get() > 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }

  /** Replaces Jira's URL variables, URL-encoding each value. */
  static String substitute(String url, Issue issue, Account actor) {
    String out =
        url.replace("${issue.key}", enc(issue.key()))
            .replace("${issue.id}", enc(String.valueOf(issue.id())))
            .replace("${project.key}", enc(issue.projectKey()))
            .replace("${project.id}", enc("10000"));
    if (actor != null) {
      out =
          out.replace("${modifiedUser.key}", enc(actor.userKey()))
              .replace("${modifiedUser.name}", enc(actor.username()))
              .replace("${modifiedUser.accountId}", enc(actor.accountId()));
    }
    return out;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /**
   * Applies the project part of a webhook's JQL filter ({@code project = SD}, {@code project in
   * (SD, X)}); other clauses are not simulated and match everything.
   */
  static boolean filterMatches(String jql, Issue issue) {
    if (jql == null || jql.isBlank()) {
      return true;
    }
    Matcher in = PROJECT_IN.matcher(jql);
    if (in.find()) {
      for (String p : in.group(1).split(",")) {
        if (p.trim().replace("\"", "").equalsIgnoreCase(issue.projectKey())) {
          return true;
        }
      }
      return false;
    }
    Matcher eq = PROJECT_EQ.matcher(jql);
    if (eq.find()) {
      return eq.group(1)
          .toUpperCase(Locale.ROOT)
          .equals(issue.projectKey().toUpperCase(Locale.ROOT));
    }
    return true;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    senders.shutdownNow();
  }
}
