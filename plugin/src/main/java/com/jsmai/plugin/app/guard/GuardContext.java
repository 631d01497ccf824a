package com.jsmai.plugin.app.guard;

import com.jsmai.plugin.faq.InstantAnswerCache;
import com.jsmai.plugin.jira.Ticket;
import java.util.Optional;

/**
 * What the guard rails know about the event the current worker thread is processing. The reply
 * pipeline's interfaces ({@code ChatModel}, {@code Assistant}, {@code InputCheck}) do not carry the
 * event, so the decorators share it through this thread-local: the input check starts it (it is the
 * first guard hook the orchestrator calls for a ticket), the assistant adds the system prompt and
 * the answer's source, the model and the decision listener read it.
 *
 * <p>One orchestrator call runs on one thread from the input check to the post, so a thread-local
 * is exact here; a stale value from an earlier call on the same thread is replaced by the next
 * input check.
 */
final class GuardContext {
  /** Where a reply's text came from; the label of {@code jsmai_replies_total{mode}}. */
  enum Source {
    MODEL,
    INSTANT,
    FALLBACK
  }

  private static final ThreadLocal<GuardContext> CURRENT = new ThreadLocal<>();

  final String ticketKey;
  final String customerId;
  final String deskId;
  final String customerText;

  /** The inbox delivery id, when the event-handler decorator started this event; else null. */
  volatile String eventId;

  /** The comment that triggered this event, when the decorator knows one; else null. */
  volatile String commentId;

  volatile boolean untrusted;
  volatile String systemPrompt = "";
  volatile Source source = Source.MODEL;

  /**
   * The instant-answer lookup the input check made for this event ({@link InstantAnswerLookup}), or
   * null when it made none (the learned stage is off, or no input check ran). Never carried from
   * one {@link #begin} to the next: a delayed reply or a retried event looks up again.
   */
  volatile Optional<InstantAnswerCache.CachedAnswer> instantAnswer;

  /** Set by the event-handler decorator on the inbox's last try: hand off instead of queueing. */
  volatile boolean forceHandoffOnLimit;

  private GuardContext(String ticketKey, String customerId, String deskId, String customerText) {
    this.ticketKey = ticketKey;
    this.customerId = customerId;
    this.deskId = deskId;
    this.customerText = customerText == null ? "" : customerText;
  }

  /** Starts the context for {@code ticket}, keeping a handoff flag set for this thread's event. */
  static GuardContext begin(Ticket ticket, String customerText) {
    GuardContext previous = CURRENT.get();
    String customer =
        ticket.reporter() != null ? ticket.reporter().accountId() : "unknown-customer";
    String desk = ticket.serviceDeskId() != null ? ticket.serviceDeskId() : "unknown-desk";
    GuardContext c = new GuardContext(ticket.key(), customer, desk, customerText);
    if (previous != null && previous.ticketKey.equals(ticket.key())) {
      c.forceHandoffOnLimit = previous.forceHandoffOnLimit;
      c.eventId = previous.eventId;
      c.commentId = previous.commentId;
    }
    CURRENT.set(c);
    return c;
  }

  /** Only the ticket key is known (the event-handler decorator, before Jira is read). */
  static GuardContext beginEvent(String issueKey, String eventId, boolean forceHandoffOnLimit) {
    return beginEvent(issueKey, eventId, null, forceHandoffOnLimit);
  }

  /** As above, with the triggering comment's id (null for a new request). */
  static GuardContext beginEvent(
      String issueKey, String eventId, String commentId, boolean forceHandoffOnLimit) {
    GuardContext c = new GuardContext(issueKey, null, null, "");
    c.eventId = eventId;
    c.commentId = commentId;
    c.forceHandoffOnLimit = forceHandoffOnLimit;
    CURRENT.set(c);
    return c;
  }

  /** The context of this thread, or null outside a pipeline call. */
  static GuardContext current() {
    return CURRENT.get();
  }

  /** The context for {@code ticketKey}, or null when this thread is on another ticket. */
  static GuardContext currentFor(String ticketKey) {
    GuardContext c = CURRENT.get();
    return c != null && c.ticketKey.equals(ticketKey) ? c : null;
  }

  static String ticketKeyOrDash() {
    GuardContext c = CURRENT.get();
    return c == null ? "-" : c.ticketKey;
  }

  static void clear() {
    CURRENT.remove();
  }
}
