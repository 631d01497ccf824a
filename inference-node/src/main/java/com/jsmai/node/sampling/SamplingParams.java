package com.jsmai.node.sampling;

import com.jsmai.node.checkpoint.GenerationDefaults;
import java.util.List;
import java.util.Set;

/**
 * How to choose tokens and when to stop. Neutral values switch a feature off: temperature 0 =
 * greedy, topK 0, topP 1, minP 0, repetitionPenalty 1, presence/frequency 0, seed null = random.
 *
 * @param repetitionPenalty HF semantics: logits of tokens seen anywhere (prompt or output) are
 *     divided by it when positive and multiplied when negative
 * @param presencePenalty OpenAI semantics: subtracted once from tokens already generated
 * @param frequencyPenalty OpenAI semantics: subtracted per occurrence in the generated tokens
 * @param maxTokens tokens to generate at most (≥ 1)
 * @param stopTokenIds extra tokens that end generation (the model's eos ids are always added unless
 *     {@code ignoreEos})
 * @param stopStrings texts that end generation; the output stops before the match
 */
public record SamplingParams(
    double temperature,
    int topK,
    double topP,
    double minP,
    double repetitionPenalty,
    double presencePenalty,
    double frequencyPenalty,
    Long seed,
    int maxTokens,
    Set<Integer> stopTokenIds,
    List<String> stopStrings,
    boolean ignoreEos) {
  public SamplingParams {
    if (!(temperature >= 0) || temperature > 100) {
      throw new IllegalArgumentException("temperature must be in [0, 100], got " + temperature);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("top_k must be >= 0 (0 = off), got " + topK);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
    }
    if (!(minP >= 0 && minP <= 1)) {
      throw new IllegalArgumentException("min_p must be in [0, 1], got " + minP);
    }
    if (!(repetitionPenalty > 0) || repetitionPenalty > 10) {
      throw new IllegalArgumentException(
          "repetition_penalty must be in (0, 10], got " + repetitionPenalty);
    }
    if (!(presencePenalty >= -2 && presencePenalty <= 2)) {
      throw new IllegalArgumentException(
          "presence_penalty must be in [-2, 2], got " + presencePenalty);
    }
    if (!(frequencyPenalty >= -2 && frequencyPenalty <= 2)) {
      throw new IllegalArgumentException(
          "frequency_penalty must be in [-2, 2], got " + frequencyPenalty);
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("max_tokens must be >= 1, got " + maxTokens);
    }
    stopTokenIds = Set.copyOf(stopTokenIds);
    stopStrings = List.copyOf(stopStrings);
    for (String s : stopStrings) {
      if (s.isEmpty()) {
        throw new IllegalArgumentException("stop strings must not be empty");
      }
    }
  }

  /** Greedy decoding, no penalties. */
  public static SamplingParams greedy(int maxTokens) {
    return builder().temperature(0).maxTokens(maxTokens).build();
  }

  public boolean isGreedy() {
    return temperature == 0;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this record's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.temperature = temperature;
    b.topK = topK;
    b.topP = topP;
    b.minP = minP;
    b.repetitionPenalty = repetitionPenalty;
    b.presencePenalty = presencePenalty;
    b.frequencyPenalty = frequencyPenalty;
    b.seed = seed;
    b.maxTokens = maxTokens;
    b.stopTokenIds = stopTokenIds;
    b.stopStrings = stopStrings;
    b.ignoreEos = ignoreEos;
    return b;
  }

  /**
   * Defaults of a checkpoint's {@code generation_config.json} (temperature, top-k, top-p, min-p,
   * repetition penalty); {@code do_sample: false} means greedy.
   */
  public static Builder fromDefaults(GenerationDefaults d) {
    Builder b = builder();
    if (Boolean.FALSE.equals(d.doSample())) {
      b.temperature(0);
    } else if (d.temperature() != null) {
      b.temperature(d.temperature());
    }
    if (d.topK() != null) {
      b.topK(d.topK());
    }
    if (d.topP() != null) {
      b.topP(d.topP());
    }
    if (d.minP() != null) {
      b.minP(d.minP());
    }
    if (d.repetitionPenalty() != null) {
      b.repetitionPenalty(d.repetitionPenalty());
    }
    if (d.maxNewTokens() != null) {
      b.maxTokens(d.maxNewTokens());
    }
    return b;
  }

  /** Mutable builder; {@link #build()} validates. */
  public static final class Builder {
    private double temperature = 1.0;
    private int topK = 0;
    private double topP = 1.0;
    private double minP = 0;
    private double repetitionPenalty = 1.0;
    private double presencePenalty = 0;
    private double frequencyPenalty = 0;
    private Long seed;
    private int maxTokens = 256;
    private Set<Integer> stopTokenIds = Set.of();
    private List<String> stopStrings = List.of();
    private boolean ignoreEos;

    public Builder temperature(double v) {
      temperature = v;
      return this;
    }

    public Builder topK(int v) {
      topK = v;
      return this;
    }

    public Builder topP(double v) {
      topP = v;
      return this;
    }

    public Builder minP(double v) {
      minP = v;
      return this;
    }

    public Builder repetitionPenalty(double v) {
      repetitionPenalty = v;
      return this;
    }

    public Builder presencePenalty(double v) {
      presencePenalty = v;
      return this;
    }

    public Builder frequencyPenalty(double v) {
      frequencyPenalty = v;
      return this;
    }

    public Builder seed(Long v) {
      seed = v;
      return this;
    }

    public Builder maxTokens(int v) {
      maxTokens = v;
      return this;
    }

    public Builder stopTokenIds(Set<Integer> v) {
      stopTokenIds = v;
      return this;
    }

    public Builder stopStrings(List<String> v) {
      stopStrings = v;
      return this;
    }

    public Builder ignoreEos(boolean v) {
      ignoreEos = v;
      return this;
    }

    public SamplingParams build() {
      return new SamplingParams(
          temperature,
          topK,
          topP,
          minP,
          repetitionPenalty,
          presencePenalty,
          frequencyPenalty,
          seed,
          maxTokens,
          stopTokenIds,
          stopStrings,
          ignoreEos);
    }
  }
}
