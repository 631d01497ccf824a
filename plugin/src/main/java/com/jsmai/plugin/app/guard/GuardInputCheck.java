package com.jsmai.plugin.app.guard;

import com.jsmai.plugin.flagged.FlaggedInputs;
import com.jsmai.plugin.jira.Ticket;
import com.jsmai.plugin.metrics.PluginMetrics;
import com.jsmai.plugin.reply.CheckResult;
import com.jsmai.plugin.reply.InputCheck;
import com.jsmai.plugin.safety.DeskPolicy;
import com.jsmai.plugin.safety.InputGuard;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The pipeline's input check: {@link InputGuard} over the triggering text and the ticket's summary
 * and description, each with the e-mails it quotes judged on their own. {@code ROUTE_TO_HUMAN} and
 * {@code BLOCK_AUTO_REPLY} fail the check (the orchestrator then hands off with the reason and
 * posts nothing public); {@code MARK_UNTRUSTED} passes and marks the event so that {@link
 * GuardedAssistant} fences the customer text in the prompt.
 *
 * <p>Also the first guard hook the orchestrator calls for a ticket, so it starts the {@link
 * GuardContext} and records the customer's turn in the audit log. Every flagged source, whatever
 * the action, is kept by {@link FlaggedInputs} (when on) for the agents' verdicts.
 *
 * <p>Origins: the triggering text is {@code request} (a new request: summary and description
 * together) or {@code comment:<id>} (a comment event; {@code comment} when the id is unknown); the
 * request's own parts are {@code summary} and {@code description}; an e-mail quoted in any of them
 * is {@code quoted-email:<origin>}. A second source with the same origin (the quoted-lines view
 * next to the quoted-header view) gets {@code #2}, so that each finding names one text.
 *
 * <p>A ticket the instant-answer cache answers is judged without the learned stage (its encoder
 * call is most of an instant answer's input-check time): the reply is approved text, no model or
 * tool runs, so nothing in the ticket can steer it. The detector and the context stage still run
 * and still hand an obvious attack to a human. The lookup is {@link InstantAnswerLookup}'s, the
 * same the assistant decorator makes, and is remembered in the {@link GuardContext} so that the
 * decorator answers from the same hit.
 */
final class GuardInputCheck implements InputCheck {
  private final InputGuard guard;
  private final PluginMetrics metrics;
  private final AuditTrail audit;
  private final Function<Ticket, DeskPolicy> desk;
  private final FlaggedInputs flagged;
  private final InputGuard faqHitGuard;
  private final InstantAnswerLookup instantAnswers;

  /**
   * @param desk what the ticket's desk prompt protects ({@link DeskPolicy#NONE} when nothing)
   * @param flagged where flagged sources are kept, or null when the feature is off
   * @param faqHitGuard the guard for tickets the instant-answer cache answers ({@code
   *     guard.withoutLearnedStage()}), or null to judge every ticket with {@code guard} (the
   *     learned stage is off, or instant answers are)
   * @param instantAnswers the assistant decorator's lookup; null exactly when {@code faqHitGuard}
   *     is
   */
  GuardInputCheck(
      InputGuard guard,
      PluginMetrics metrics,
      AuditTrail audit,
      Function<Ticket, DeskPolicy> desk,
      FlaggedInputs flagged,
      InputGuard faqHitGuard,
      InstantAnswerLookup instantAnswers) {
    if ((faqHitGuard == null) != (instantAnswers == null)) {
      throw new IllegalArgumentException(
          "faqHitGuard and instantAnswers go together: faqHitGuard "
              + (faqHitGuard == null ? "null" : "set")
              + ", instantAnswers "
              + (instantAnswers == null ? "null" : "set"));
    }
    this.guard = guard;
    this.metrics = metrics;
    this.audit = audit;
    this.desk = desk;
    this.flagged = flagged;
    this.faqHitGuard = faqHitGuard;
    this.instantAnswers = instantAnswers;
  }

  @Override
  public CheckResult check(Ticket ticket, String customerText) {
    GuardContext ctx = GuardContext.begin(ticket, customerText);
    audit.turn(ticket.key(), ctx.customerId, true, customerText);
    String text = customerText == null ? "" : customerText;
    boolean isRequest =
        (!ticket.summary().isEmpty() && text.contains(ticket.summary()))
            || (!ticket.description().isEmpty() && text.contains(ticket.description()));
    // The event's comment id wins (a comment may quote a short summary); without an event (a
    // delayed reply fired by the scheduler) the text says which it is.
    String origin =
        ctx.commentId != null ? "comment:" + ctx.commentId : isRequest ? "request" : "comment";
    List<InputGuard.Source> sources =
        new ArrayList<>(InputGuard.sourcesOfText(origin, customerText));
    // A comment event's text is the comment alone; the request it belongs to is customer text too.
    if (ticket.summary() != null && !text.contains(ticket.summary())) {
      sources.addAll(InputGuard.sourcesOfText("summary", ticket.summary()));
    }
    if (ticket.description() != null && !text.contains(ticket.description())) {
      sources.addAll(InputGuard.sourcesOfText("description", ticket.description()));
    }
    sources = distinctOrigins(sources);
    InputGuard.Verdict v = guardFor(ctx, ticket).check(sources, desk.apply(ticket));
    if (!v.flagged()) {
      audit.decision(ticket.key(), "input-guard", "pass", "clean");
      return CheckResult.pass();
    }
    String action = v.action().name().toLowerCase(Locale.ROOT);
    metrics.inputBlocked(action);
    audit.decision(ticket.key(), "input-guard", action, v.reason());
    if (flagged != null) flagged.record(ticket.key(), ticket.serviceDeskId(), v, sources);
    return switch (v.action()) {
      case MARK_UNTRUSTED -> {
        ctx.untrusted = true;
        yield CheckResult.pass();
      }
      case ROUTE_TO_HUMAN -> CheckResult.fail(v.reason());
      case BLOCK_AUTO_REPLY -> CheckResult.fail("automatic reply blocked: " + v.reason());
    };
  }

  /** The guard for this ticket: without the learned stage when an approved answer awaits it. */
  private InputGuard guardFor(GuardContext ctx, Ticket ticket) {
    if (faqHitGuard == null) return guard;
    ctx.instantAnswer = instantAnswers.find(ticket, ctx.customerText);
    return ctx.instantAnswer.isPresent() ? faqHitGuard : guard;
  }

  /** The sources with a {@code #n} suffix on the second and later use of one origin. */
  static List<InputGuard.Source> distinctOrigins(List<InputGuard.Source> sources) {
    Map<String, Integer> seen = new HashMap<>();
    List<InputGuard.Source> out = new ArrayList<>(sources.size());
    for (InputGuard.Source s : sources) {
      int n = seen.merge(s.origin(), 1, Integer::sum);
      out.add(n == 1 ? s : new InputGuard.Source(s.origin() + "#" + n, s.text()));
    }
    return out;
  }
}
