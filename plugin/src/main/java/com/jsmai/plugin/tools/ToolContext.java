package com.jsmai.plugin.tools;

import com.jsmai.plugin.jira.Ticket;
import com.jsmai.plugin.jira.User;
import java.util.Objects;

/**
 * Everything a call runs under: the ticket it is about, whose reporter every customer- or
 * order-identifying argument is bound to, and the desk's policy for write tools.
 *
 * @param ticket the ticket being answered; its reporter is the only customer whose data tools
 *     return
 * @param policy the service desk's tool policy
 * @param approvals where write calls go in {@code suggest} mode
 */
public record ToolContext(Ticket ticket, ToolPolicy policy, ApprovalSink approvals) {
  public ToolContext {
    Objects.requireNonNull(ticket, "ticket");
    Objects.requireNonNull(ticket.reporter(), "ticket.reporter");
    Objects.requireNonNull(policy, "policy");
    approvals = approvals == null ? ApprovalSink.NONE : approvals;
  }

  public ToolContext(Ticket ticket, ToolPolicy policy) {
    this(ticket, policy, ApprovalSink.NONE);
  }

  public User reporter() {
    return ticket.reporter();
  }

  public String ticketKey() {
    return ticket.key();
  }
}
