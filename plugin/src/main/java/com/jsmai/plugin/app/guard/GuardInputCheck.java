package com.jsmai.plugin.app.guard;

import com.jsmai.plugin.jira.Ticket;
import com.jsmai.plugin.metrics.PluginMetrics;
import com.jsmai.plugin.reply.CheckResult;
import com.jsmai.plugin.reply.InputCheck;
import com.jsmai.plugin.safety.DeskPolicy;
import com.jsmai.plugin.safety.InputGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The pipeline's input check: {@link InputGuard} over the triggering text and the ticket's summary
 * and description, each with the e-mails it quotes judged on their own. {@code ROUTE_TO_HUMAN} and
 * {@code BLOCK_AUTO_REPLY} fail the check (the orchestrator then hands off with the reason and
 * posts nothing public); {@code MARK_UNTRUSTED} passes and marks the event so that {@link
 * GuardedAssistant} fences the customer text in the prompt.
 *
 * <p>Also the first guard hook the orchestrator calls for a ticket, so it starts the {@link
 * GuardContext} and records the customer's turn in the audit log.
 */
final class GuardInputCheck implements InputCheck {
  private final InputGuard guard;
  private final PluginMetrics metrics;
  private final AuditTrail audit;
  private final Function<Ticket, DeskPolicy> desk;

  /**
   * @param desk what the ticket's desk prompt protects ({@link DeskPolicy#NONE} when nothing)
   */
  GuardInputCheck(
      InputGuard guard,
      PluginMetrics metrics,
      AuditTrail audit,
      Function<Ticket, DeskPolicy> desk) {
    this.guard = guard;
    this.metrics = metrics;
    this.audit = audit;
    this.desk = desk;
  }

  @Override
  public CheckResult check(Ticket ticket, String customerText) {
    GuardContext ctx = GuardContext.begin(ticket, customerText);
    audit.turn(ticket.key(), ctx.customerId, true, customerText);
    List<InputGuard.Source> sources =
        new ArrayList<>(InputGuard.sourcesOfText("customer", customerText));
    String text = customerText == null ? "" : customerText;
    // A comment event's text is the comment alone; the request it belongs to is customer text too.
    if (ticket.summary() != null && !text.contains(ticket.summary())) {
      sources.addAll(InputGuard.sourcesOfText("summary", ticket.summary()));
    }
    if (ticket.description() != null && !text.contains(ticket.description())) {
      sources.addAll(InputGuard.sourcesOfText("description", ticket.description()));
    }
    InputGuard.Verdict v = guard.check(sources, desk.apply(ticket));
    if (!v.flagged()) {
      audit.decision(ticket.key(), "input-guard", "pass", "clean");
      return CheckResult.pass();
    }
    String action = v.action().name().toLowerCase(Locale.ROOT);
    metrics.inputBlocked(action);
    audit.decision(ticket.key(), "input-guard", action, v.reason());
    return switch (v.action()) {
      case MARK_UNTRUSTED -> {
        ctx.untrusted = true;
        yield CheckResult.pass();
      }
      case ROUTE_TO_HUMAN -> CheckResult.fail(v.reason());
      case BLOCK_AUTO_REPLY -> CheckResult.fail("automatic reply blocked: " + v.reason());
    };
  }
}
