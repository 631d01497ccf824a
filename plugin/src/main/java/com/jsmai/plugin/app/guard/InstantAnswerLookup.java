package com.jsmai.plugin.app.guard;

import com.jsmai.plugin.faq.InstantAnswerCache;
import com.jsmai.plugin.jira.Ticket;
import java.util.Objects;
import java.util.Optional;

/**
 * Which approved answer, if any, the instant-answer cache gives a ticket: the one lookup that both
 * the input check (to leave out the learned stage on a hit) and the assistant decorator (to answer
 * without the model) make, so that the two cannot disagree on what a hit is.
 */
final class InstantAnswerLookup {
  private final InstantAnswerCache cache;

  InstantAnswerLookup(InstantAnswerCache cache) {
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  /**
   * The approved answer for the customer's text or, when the text starts with the request's
   * summary, for the summary alone (the request's first turn is "summary + description", and the
   * summary alone is often the question).
   */
  Optional<InstantAnswerCache.CachedAnswer> find(Ticket ticket, String customerText) {
    String text = customerText == null ? "" : customerText;
    Optional<InstantAnswerCache.CachedAnswer> hit = cache.lookup(text);
    if (hit.isEmpty()
        && ticket.summary() != null
        && !ticket.summary().isBlank()
        && text.startsWith(ticket.summary().strip())) {
      hit = cache.lookup(ticket.summary());
    }
    return hit;
  }

  /**
   * The lookup for the event on this thread: the one the input check made and remembered in {@code
   * ctx} when it made one, else a fresh one. Reusing it keeps the promise the input check relied
   * on: when it left out the learned stage because of a hit, the reply is that approved answer,
   * even if an admin withdraws the entry in between.
   */
  Optional<InstantAnswerCache.CachedAnswer> forEvent(GuardContext ctx, Ticket ticket) {
    Optional<InstantAnswerCache.CachedAnswer> remembered = ctx.instantAnswer;
    return remembered != null ? remembered : find(ticket, ctx.customerText);
  }
}
