package com.jsmai.plugin.app;

import com.jsmai.plugin.tools.ApprovalSink;
import com.jsmai.plugin.tools.ProposedAction;
import java.util.List;
import java.util.Optional;

/**
 * The write actions the model proposed in {@code suggest} mode, waiting for an agent (the agent
 * panel lists them and approves or rejects). It is the tool loop's {@link ApprovalSink}.
 * Thread-safe.
 */
public interface ProposedActionStore extends ApprovalSink {

  /** What an agent decided. */
  enum Status {
    PENDING,
    APPROVED,
    REJECTED
  }

  /** One stored proposal. */
  record Entry(ProposedAction action, Status status, String decidedBy) {}

  /** Pending proposals of one ticket, oldest first. */
  List<Entry> pending(String ticketKey);

  Optional<Entry> find(String id);

  /**
   * Records an agent's decision on a pending proposal.
   *
   * @return false when there is no such pending proposal (unknown, or already decided)
   */
  boolean decide(String id, Status decision, String agentAccountId);
}
