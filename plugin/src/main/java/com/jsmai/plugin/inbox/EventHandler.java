package com.jsmai.plugin.inbox;

import com.jsmai.plugin.webhook.JiraEvent;

/**
 * Processes one stored event; the inbox worker calls it, possibly more than once for the same event
 * (after a crash, or when it threw). Implementations must therefore make every visible effect
 * idempotent per {@link JiraEvent#deliveryId()}.
 *
 * <p>Throwing means "not done": the inbox keeps the event pending and retries with backoff, up to its
 * configured limit. Returning normally means done; the event is never handed over again.
 */
@FunctionalInterface
public interface EventHandler {
  void handle(JiraEvent event) throws Exception;
}
