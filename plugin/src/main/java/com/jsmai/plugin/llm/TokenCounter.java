package com.jsmai.plugin.llm;

import java.util.List;
import java.util.OptionalInt;

/**
 * Counts prompt tokens the way the model will, so a prompt can be cut to fit the model's context.
 * Two implementations: {@link RemoteTokenCounter} asks the model server ({@code POST /tokenize},
 * the real tokenizer and chat template) and {@link EstimatingTokenCounter} over-estimates locally
 * when the server cannot be asked. {@link #withFallback} combines them.
 *
 * <p>Implementations are thread-safe.
 */
public interface TokenCounter {

  /** Tokens of the chat-templated prompt for these messages, including the generation prompt. */
  int count(List<ChatMessage> messages);

  /** Tokens of a bare text (no chat template). */
  int count(String text);

  /** The model's context length when the counter knows it (the server reports it), else empty. */
  OptionalInt maxModelLen();

  /** Uses {@code primary}, and {@code fallback} whenever the primary throws. */
  static TokenCounter withFallback(TokenCounter primary, TokenCounter fallback) {
    return new TokenCounter() {
      @Override
      public int count(List<ChatMessage> messages) {
        try {
          return primary.count(messages);
        } catch (RuntimeException e) {
          return fallback.count(messages);
        }
      }

      @Override
      public int count(String text) {
        try {
          return primary.count(text);
        } catch (RuntimeException e) {
          return fallback.count(text);
        }
      }

      @Override
      public OptionalInt maxModelLen() {
        try {
          OptionalInt len = primary.maxModelLen();
          return len.isPresent() ? len : fallback.maxModelLen();
        } catch (RuntimeException e) {
          return fallback.maxModelLen();
        }
      }
    };
  }
}
