package com.jsmai.plugin.app.guard;

import com.jsmai.plugin.jira.Ticket;
import com.jsmai.plugin.metrics.PluginMetrics;
import com.jsmai.plugin.reply.DecisionListener;
import com.jsmai.plugin.reply.ReplyOrchestrator;
import com.jsmai.plugin.webhook.JiraEvent;
import java.util.Locale;

/**
 * The orchestrator's decisions into metrics ({@code jsmai_replies_total{mode}}, {@code
 * jsmai_handoffs_total{reason}}) and the audit log (the assistant's turn and the decision).
 */
final class GuardDecisionListener implements DecisionListener {
  private final PluginMetrics metrics;
  private final AuditTrail audit;

  GuardDecisionListener(PluginMetrics metrics, AuditTrail audit) {
    this.metrics = metrics;
    this.audit = audit;
  }

  @Override
  public void decided(
      JiraEvent event,
      Ticket ticket,
      ReplyOrchestrator.Outcome outcome,
      String reason,
      String body) {
    String key = ticket.key();
    GuardContext ctx = GuardContext.currentFor(key);
    switch (outcome) {
      case PUBLIC_REPLY -> {
        String mode = ctx == null ? "auto" : replyMode(ctx.source);
        metrics.reply(mode);
        audit.turn(key, "assistant", true, body);
        audit.decision(key, "reply", "public_reply", mode);
      }
      case INTERNAL_DRAFT -> {
        metrics.reply("draft");
        audit.turn(key, "assistant", false, body);
        audit.decision(key, "reply", "internal_draft", reason);
      }
      case HANDOFF -> {
        String why = handoffReason(reason);
        metrics.handoff(why);
        audit.turn(key, "assistant", false, body);
        audit.decision(key, "handoff", why, reason);
      }
      default -> audit.decision(key, "reply", outcome.name().toLowerCase(Locale.ROOT), reason);
    }
  }

  static String replyMode(GuardContext.Source source) {
    return switch (source) {
      case MODEL -> "auto";
      case INSTANT -> "instant";
      case FALLBACK -> "fallback";
    };
  }

  /** The orchestrator's free-text reason as a small closed set of metric labels. */
  static String handoffReason(String reason) {
    String r = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
    if (r.startsWith("input check:")) return "injection";
    if (r.contains("rate limit")) return "rate_limit";
    if (r.contains("asked for a human")) return "customer_request";
    if (r.contains("repeated a question")) return "repeated_question";
    if (r.contains("automatic replies on this ticket")) return "reply_limit";
    if (r.contains("model has been unavailable")) return "model_unavailable";
    if (r.contains("model failed")) return "model_failure";
    return "assistant";
  }
}
