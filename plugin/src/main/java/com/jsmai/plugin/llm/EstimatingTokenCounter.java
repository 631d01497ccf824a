package com.jsmai.plugin.llm;

import java.util.List;
import java.util.OptionalInt;

/**
 * A local, deliberately pessimistic token estimate for when the model server cannot count. Rules,
 * calibrated against the real Qwen tokenizer (see docs/conversation.md): Qwen splits digits one by
 * one, so each digit is a token; a run of ASCII letters is a token per 3 letters; a space is free
 * (it merges into the next word); other ASCII is a token each; a BMP non-ASCII code point (a
 * Chinese character, Cyrillic) counts 2, a supplementary one (emoji, rare Han) 4; then 10% on top,
 * plus the chat-template overhead per message ({@code <|im_start|>role\n ... <|im_end|>\n}).
 * Over-counting wastes some context; under-counting would overflow it.
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
    int tokens = 0;
    int letters = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) {
        letters++;
        continue;
      }
      tokens += (letters + 2) / 3;
      letters = 0;
      if (cp == ' ') continue;
      if (cp < 0x80) tokens += 1;
      else if (cp > 0xFFFF) tokens += 4;
      else tokens += 2;
    }
    tokens += (letters + 2) / 3;
    return (tokens * 11 + 9) / 10;
  }

  @Override
  public OptionalInt maxModelLen() {
    return contextWindow == null ? OptionalInt.empty() : OptionalInt.of(contextWindow);
  }
}
