package com.jsmai.plugin.llm;

import java.util.List;
import java.util.OptionalInt;

/**
 * A local, deliberately pessimistic token estimate for when the model server cannot count: every
 * non-ASCII code point (a Chinese character is one or two Qwen tokens) counts as 2 tokens, ASCII
 * text one token per 3 characters (Qwen's byte-level BPE averages about 4 on English), plus the
 * chat-template overhead per message ({@code <|im_start|>role\n ... <|im_end|>\n}, 5 tokens). Over
 * counting wastes a little context; under counting would overflow it.
 */
public final class EstimatingTokenCounter implements TokenCounter {
  static final int PER_MESSAGE_OVERHEAD = 6;
  static final int GENERATION_PROMPT = 4;

  private final Integer contextWindow;

  /**
   * @param contextWindow the model's context length from configuration, or null when unknown
   */
  public EstimatingTokenCounter(Integer contextWindow) {
    if (contextWindow != null && contextWindow < 1) {
      throw new IllegalArgumentException("contextWindow < 1: " + contextWindow);
    }
    this.contextWindow = contextWindow;
  }

  @Override
  public int count(List<ChatMessage> messages) {
    int total = GENERATION_PROMPT;
    for (ChatMessage m : messages) {
      total += PER_MESSAGE_OVERHEAD + count(m.content() == null ? "" : m.content());
      for (ToolCall call : m.toolCalls()) {
        total += 8 + count(call.name()) + count(call.argumentsJson());
      }
    }
    return total;
  }

  @Override
  public int count(String text) {
    int ascii = 0;
    int other = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (cp < 0x80) ascii++;
      else other++;
      i += Character.charCount(cp);
    }
    return (ascii + 2) / 3 + 2 * other;
  }

  @Override
  public OptionalInt maxModelLen() {
    return contextWindow == null ? OptionalInt.empty() : OptionalInt.of(contextWindow);
  }
}
