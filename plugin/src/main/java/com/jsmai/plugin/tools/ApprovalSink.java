package com.jsmai.plugin.tools;

/**
 * Where proposed write actions go in {@code suggest} mode (the agent panel's queue). Called from
 * tool-call threads, so implementations are thread-safe. The loop also returns every proposal in
 * {@link LoopResult#proposals()}, so a caller may ignore this hook and use the result instead.
 */
@FunctionalInterface
public interface ApprovalSink {
  /** Keeps nothing beyond the loop's result. */
  ApprovalSink NONE = action -> {};

  void propose(ProposedAction action);
}
