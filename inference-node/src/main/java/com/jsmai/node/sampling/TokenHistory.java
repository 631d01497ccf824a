package com.jsmai.node.sampling;

import java.util.Arrays;

/**
 * The tokens of one sequence so far: the prompt, then what was generated. Penalties read it:
 * repetition over all tokens (HF), presence and frequency over generated tokens only (OpenAI). Not
 * thread-safe.
 */
public final class TokenHistory {
  private int[] tokens;
  private int size;
  private final int promptLength;

  public TokenHistory(int[] prompt) {
    this.tokens = Arrays.copyOf(prompt, Math.max(16, prompt.length * 2));
    this.size = prompt.length;
    this.promptLength = prompt.length;
  }

  public void add(int token) {
    if (size == tokens.length) {
      tokens = Arrays.copyOf(tokens, tokens.length * 2);
    }
    tokens[size++] = token;
  }

  public int size() {
    return size;
  }

  public int promptLength() {
    return promptLength;
  }

  public int generatedCount() {
    return size - promptLength;
  }

  public int get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(index);
    }
    return tokens[index];
  }

  /** The generated tokens (after the prompt). */
  public int[] generated() {
    return Arrays.copyOfRange(tokens, promptLength, size);
  }

  /** All tokens. */
  public int[] all() {
    return Arrays.copyOf(tokens, size);
  }
}
