package com.jsmai.plugin.app;

import com.jsmai.plugin.jira.JiraClient;
import com.jsmai.plugin.metrics.PluginMetrics;
import com.jsmai.plugin.reply.CheckResult;
import com.jsmai.plugin.reply.InputCheck;
import com.jsmai.plugin.reply.OutputCheck;
import com.jsmai.plugin.safety.InputGuard;
import com.jsmai.plugin.safety.OutputGuard;

/**
 * The reply pipeline's checks backed by the safety package (docs/safety.md): the injection detector
 * before the model, the output guard (foreign personal data, internal-note and system prompt leaks,
 * sensitive words) before a public reply.
 */
public final class GuardRails {
  private GuardRails() {}

  /** A flagged customer text is handed to a human unless the guard's action allows a reply. */
  public static InputCheck input(InputGuard guard, PluginMetrics metrics) {
    return (ticket, text) -> {
      InputGuard.Verdict v = guard.check(InputGuard.sourcesOfText("customer", text));
      if (v.flagged()) metrics.inputBlocked(v.action().name().toLowerCase(java.util.Locale.ROOT));
      return v.allowsAutoReply() ? CheckResult.pass() : CheckResult.fail(v.reason());
    };
  }

  /**
   * Checks a reply against the ticket's internal notes (re-read from Jira: the note that must not
   * leak may be minutes old) and the reporter's own email. The system prompt is not available at
   * this hook, so prompt-leak detection relies on the notes and sensitive words only.
   */
  public static OutputCheck output(OutputGuard guard, JiraClient jira, PluginMetrics metrics) {
    return (ticket, reply, facts) -> {
      OutputGuard.Verdict v =
          guard.check(reply, OutputGuard.contextFor(ticket, "", jira.getComments(ticket.key())));
      for (OutputGuard.Violation violation : v.violations()) {
        metrics.outputBlocked(violation.reason().name().toLowerCase(java.util.Locale.ROOT));
      }
      return v.passed() ? CheckResult.pass() : CheckResult.fail(v.reason());
    };
  }
}
