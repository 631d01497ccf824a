package com.jsmai.plugin.reply;

import com.jsmai.plugin.jira.Ticket;
import com.jsmai.plugin.webhook.JiraEvent;

/**
 * Told what the {@link ReplyOrchestrator} decided for an event that reached a visible effect: a
 * public reply, an internal draft, or a handoff note. The guard rails use it for the audit log and
 * the metrics; {@link #NONE} ignores everything.
 *
 * <p>Called on the worker thread after the comment was posted (or found already posted).
 * Implementations are thread-safe and must not throw: a failing listener is logged and ignored.
 */
@FunctionalInterface
public interface DecisionListener {
  DecisionListener NONE = (event, ticket, outcome, reason, body) -> {};

  /**
   * @param outcome {@code PUBLIC_REPLY}, {@code INTERNAL_DRAFT} or {@code HANDOFF}
   * @param reason why (the handoff reason, the output check's reason, "suggest mode"); empty for a
   *     public reply
   * @param body the comment text posted
   */
  void decided(
      JiraEvent event,
      Ticket ticket,
      ReplyOrchestrator.Outcome outcome,
      String reason,
      String body);
}
