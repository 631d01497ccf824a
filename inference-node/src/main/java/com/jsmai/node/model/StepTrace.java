package com.jsmai.node.model;

/**
 * Receives a mark after each group of ops in a forward pass, for the decode-step profiler ({@code
 * com.jsmai.node.bench.DecodeProfile}). PyTorch CPU ops run synchronously, so the time between two
 * marks is the time of the ops between them. {@link #NONE} costs one interface call per mark.
 */
public interface StepTrace {
  /** Called after the ops of {@code section} (a constant string) have finished. */
  void mark(String section);

  /** Records nothing. */
  StepTrace NONE = section -> {};
}
