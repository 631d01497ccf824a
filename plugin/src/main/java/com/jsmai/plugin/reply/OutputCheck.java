package com.jsmai.plugin.reply;

import com.jsmai.plugin.jira.Ticket;
import com.jsmai.plugin.memory.Fact;
import java.util.List;

/**
 * Looks at a reply before it is posted publicly (invented order data, leaked internals, policy
 * violations). A failure turns the reply into an internal draft that carries the reason, so an
 * agent decides. The guard-rails module provides the real check; {@link #PASS} lets everything
 * through.
 *
 * <p>Implementations are thread-safe and must not throw for ordinary text.
 *
 * @see InputCheck
 */
@FunctionalInterface
public interface OutputCheck {
  OutputCheck PASS = (ticket, reply, facts) -> CheckResult.pass();

  /**
   * @param facts the {@code [MEMORY]} facts the prompt carried (the ground truth for order data)
   */
  CheckResult check(Ticket ticket, String replyText, List<Fact> facts);
}
