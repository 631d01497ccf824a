package com.jsmai.plugin.app.guard;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.jsmai.plugin.inbox.EventHandler;
import com.jsmai.plugin.webhook.JiraEvent;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps the inbox's handler (the orchestrator). It scopes the {@link GuardContext} to one event and
 * makes "queued" safe: a rate-limited event is thrown back to the inbox, which retries it with
 * backoff; on what the inbox would count as its last attempt, the event is processed with "hand off
 * when over a limit", so it ends as a handoff note instead of going dead. Never dropped.
 *
 * <p>Attempts are counted in memory per delivery id, so after a restart the count starts again (the
 * inbox's own count does not): the last-try handoff can come later than the inbox's limit then,
 * which is why docs/audit.md recommends {@code inbox.maxAttempts} well above the queue's expected
 * retries.
 */
final class GuardedEventHandler implements EventHandler {
  private static final Logger log = LoggerFactory.getLogger(GuardedEventHandler.class);
  private final EventHandler delegate;
  private final int maxAttempts;
  private final AuditTrail audit;
  private final Cache<String, Integer> attempts =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofDays(1)).build();

  GuardedEventHandler(EventHandler delegate, int maxAttempts, AuditTrail audit) {
    this.delegate = delegate;
    this.maxAttempts = maxAttempts;
    this.audit = audit;
  }

  @Override
  public void handle(JiraEvent event) throws Exception {
    int attempt = attempts.asMap().merge(event.deliveryId(), 1, Integer::sum);
    boolean lastTry = attempt >= maxAttempts;
    GuardContext.beginEvent(event.issueKey(), event.deliveryId(), event.commentId(), lastTry);
    try {
      delegate.handle(event);
      attempts.invalidate(event.deliveryId());
    } catch (RateLimitedException e) {
      log.info(
          "{}: event {} queued by rate limit {} (attempt {} of {})",
          event.issueKey(),
          event.deliveryId(),
          e.limit(),
          attempt,
          maxAttempts);
      audit.decision(event.issueKey(), "rate-limit", "queued", e.getMessage());
      throw e;
    } finally {
      GuardContext.clear();
    }
  }
}
