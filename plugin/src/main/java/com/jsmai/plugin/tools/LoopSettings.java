package com.jsmai.plugin.tools;

/**
 * Limits of the tool loop.
 *
 * @param maxSteps the most model calls per ticket; the last one is asked to answer without tools
 * @param maxCallsPerStep the most tool calls executed from one model turn; the rest get an error
 * @param maxResultChars the most characters of one tool's data put into the prompt
 */
public record LoopSettings(int maxSteps, int maxCallsPerStep, int maxResultChars) {
  public static final LoopSettings DEFAULTS = new LoopSettings(5, 4, 4000);

  public LoopSettings {
    if (maxSteps < 1 || maxSteps > 20) {
      throw new IllegalArgumentException("maxSteps not in 1..20: " + maxSteps);
    }
    if (maxCallsPerStep < 1 || maxCallsPerStep > 16) {
      throw new IllegalArgumentException("maxCallsPerStep not in 1..16: " + maxCallsPerStep);
    }
    if (maxResultChars < 100) {
      throw new IllegalArgumentException("maxResultChars < 100: " + maxResultChars);
    }
  }
}
