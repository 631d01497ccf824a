package com.jsmai.plugin.app.guard;

import com.jsmai.plugin.jira.JiraClient;
import com.jsmai.plugin.jira.Ticket;
import com.jsmai.plugin.memory.Fact;
import com.jsmai.plugin.metrics.PluginMetrics;
import com.jsmai.plugin.reply.CheckResult;
import com.jsmai.plugin.reply.OutputCheck;
import com.jsmai.plugin.safety.OutputGuard;
import java.util.List;
import java.util.Locale;

/**
 * The pipeline's output check: {@link OutputGuard} with the context of this ticket: the reporter's
 * e-mail (the one customer whose data the reply may contain), the system prompt the assistant was
 * given (kept by {@link GuardedAssistant} in the {@link GuardContext}), and the text of every
 * internal comment, re-read from Jira so a note written a second ago counts too. A failure makes
 * the orchestrator post an internal draft with the reason instead of the public reply.
 */
final class GuardOutputCheck implements OutputCheck {
  private final OutputGuard guard;
  private final JiraClient jira;
  private final PluginMetrics metrics;
  private final AuditTrail audit;

  GuardOutputCheck(OutputGuard guard, JiraClient jira, PluginMetrics metrics, AuditTrail audit) {
    this.guard = guard;
    this.jira = jira;
    this.metrics = metrics;
    this.audit = audit;
  }

  @Override
  public CheckResult check(Ticket ticket, String replyText, List<Fact> facts) {
    GuardContext ctx = GuardContext.currentFor(ticket.key());
    String systemPrompt = ctx == null ? "" : ctx.systemPrompt;
    OutputGuard.Context context =
        OutputGuard.contextFor(ticket, systemPrompt, jira.getComments(ticket.key()));
    OutputGuard.Verdict v = guard.check(replyText, context);
    if (v.passed()) {
      audit.decision(ticket.key(), "output-guard", "pass", "passed");
      return CheckResult.pass();
    }
    metrics.outputBlocked(v.violations().get(0).reason().name().toLowerCase(Locale.ROOT));
    audit.decision(ticket.key(), "output-guard", "internal_draft", v.reason());
    return CheckResult.fail(v.reason());
  }
}
