package com.jsmai.plugin.reply;

import com.jsmai.plugin.jira.Ticket;

/**
 * Looks at the customer's text before the model sees it (prompt injection, abuse, out-of-scope
 * requests). A failure means the assistant does not answer: the ticket is handed to a human with
 * the reason in an internal note. The guard-rails module provides the real check; {@link #PASS}
 * lets everything through.
 *
 * <p>Implementations are thread-safe and must not throw for ordinary text.
 */
@FunctionalInterface
public interface InputCheck {
  InputCheck PASS = (ticket, text) -> CheckResult.pass();

  CheckResult check(Ticket ticket, String customerText);
}
