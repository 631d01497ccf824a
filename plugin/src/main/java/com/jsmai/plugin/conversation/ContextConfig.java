package com.jsmai.plugin.conversation;

/**
 * How much conversation goes into a prompt.
 *
 * @param windowTurns the last N public turns sent verbatim (default 6); older ones are summarised
 * @param contextWindow the model's context length when the server does not report one
 * @param replyTokens tokens reserved for the answer (the request's {@code max_tokens})
 * @param summaryTokens the summary's {@code max_tokens}, and what the prompt reserves for it
 * @param safetyMargin tokens kept free for template quirks between counting and serving
 */
public record ContextConfig(
    int windowTurns, int contextWindow, int replyTokens, int summaryTokens, int safetyMargin) {
  public ContextConfig {
    if (windowTurns < 1) throw new IllegalArgumentException("windowTurns < 1: " + windowTurns);
    if (replyTokens < 1) throw new IllegalArgumentException("replyTokens < 1: " + replyTokens);
    if (summaryTokens < 16)
      throw new IllegalArgumentException("summaryTokens < 16: " + summaryTokens);
    if (safetyMargin < 0) throw new IllegalArgumentException("safetyMargin < 0: " + safetyMargin);
    if (contextWindow < replyTokens + summaryTokens + safetyMargin + 256) {
      throw new IllegalArgumentException(
          "contextWindow "
              + contextWindow
              + " leaves no room for a prompt after replyTokens "
              + replyTokens
              + " + summaryTokens "
              + summaryTokens
              + " + safetyMargin "
              + safetyMargin);
    }
  }

  /** 6 turns, 8192-token context, 512 for the reply, 256 for the summary, 64 spare. */
  public static ContextConfig defaults() {
    return new ContextConfig(6, 8192, 512, 256, 64);
  }
}
