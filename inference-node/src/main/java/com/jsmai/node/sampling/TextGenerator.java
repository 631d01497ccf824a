package com.jsmai.node.sampling;

import com.jsmai.node.constrain.LogitsConstraint;
import com.jsmai.node.model.QwenModel;
import com.jsmai.node.model.Sequence;
import com.jsmai.node.tokenizer.QwenTokenizer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Single-sequence generation: prefill, then sample and decode until a stop token, a stop string,
 * max tokens or the context end. Streams text deltas that never contain half a UTF-8 character or
 * the beginning of a stop string that might still complete. The serving engine does the same per
 * step for many sequences; this class is the reference loop and the CLI's engine.
 */
public final class TextGenerator {
  private final QwenModel model;
  private final QwenTokenizer tokenizer;

  public TextGenerator(QwenModel model, QwenTokenizer tokenizer) {
    this.model = model;
    this.tokenizer = tokenizer;
  }

  /**
   * Stop tokens: the request's, plus (unless ignoreEos) config, generation config and tokenizer
   * eos.
   */
  public Set<Integer> stopTokens(SamplingParams params) {
    Set<Integer> stops = new HashSet<>(params.stopTokenIds());
    if (!params.ignoreEos()) {
      stops.addAll(model.config().eosTokenIds());
      stops.addAll(model.generationDefaults().eosTokenIds());
      stops.addAll(tokenizer.eosTokenIds());
    }
    return stops;
  }

  public GenerationResult generate(int[] prompt, SamplingParams params, Consumer<String> onText) {
    return generate(prompt, params, LogitsConstraint.NONE, onText);
  }

  /**
   * Generates from {@code prompt} (non-empty token ids); {@code onText} receives text deltas as
   * they become final.
   */
  public GenerationResult generate(
      int[] prompt, SamplingParams params, LogitsConstraint constraint, Consumer<String> onText) {
    if (prompt.length == 0) {
      throw new IllegalArgumentException("empty prompt");
    }
    int maxPos = model.config().maxPositionEmbeddings();
    if (prompt.length >= maxPos) {
      throw new IllegalArgumentException(
          "prompt of "
              + prompt.length
              + " tokens leaves no room in the "
              + maxPos
              + "-token context");
    }
    Set<Integer> stops = stopTokens(params);
    Sampler sampler = Sampler.create(params, tokenizer.vocabSize(), constraint);
    TokenHistory history = new TokenHistory(prompt);
    StreamState stream = new StreamState(params.stopStrings(), onText);
    int budget = Math.min(params.maxTokens(), maxPos - prompt.length);
    FinishReason reason = FinishReason.LENGTH;
    boolean stoppedByToken = false;
    long t0 = System.nanoTime();
    long prefillNanos;
    try (Sequence seq = model.newSequence(prompt.length + Math.min(budget, 1024))) {
      float[] logits = model.prefill(seq, prompt);
      prefillNanos = System.nanoTime() - t0;
      while (true) {
        if (constraint.done()) {
          reason = FinishReason.STOP; // the constrained output is complete
          break;
        }
        int token = sampler.sample(logits, history, budget - history.generatedCount());
        history.add(token);
        if (stops.contains(token)) {
          reason = FinishReason.STOP;
          stoppedByToken = true;
          break;
        }
        String text = tokenizer.decode(history.generated(), true);
        if (stream.update(text)) {
          reason = FinishReason.STOP;
          break;
        }
        if (history.generatedCount() >= budget) {
          break;
        }
        logits = model.decode(List.of(seq), new int[] {token})[0];
      }
    }
    long decodeNanos = System.nanoTime() - t0 - prefillNanos;
    int[] generated = history.generated();
    int[] textTokens =
        stoppedByToken ? java.util.Arrays.copyOf(generated, generated.length - 1) : generated;
    String finalText = stream.finish(tokenizer.decode(textTokens, true));
    return new GenerationResult(
        history.generated(), finalText, reason, prompt.length, prefillNanos, decodeNanos);
  }

  /**
   * Emits the final part of a growing text, holding back partial characters and stop prefixes. The
   * stop-string rule is {@link StopStrings}, shared with the engine's incremental {@code
   * TextStream}; only the UTF-8 handling differs, because this loop re-decodes the whole output
   * each step and so sees an unfinished character as a trailing U+FFFD rather than as pending
   * bytes.
   */
  static final class StreamState {
    private final StopStrings stops;
    private final Consumer<String> onText;
    private int emitted;
    private String stoppedText;

    StreamState(List<String> stopStrings, Consumer<String> onText) {
      this.stops = new StopStrings(stopStrings);
      this.onText = onText;
    }

    /** Takes the whole decoded text so far; returns true when a stop string appeared. */
    boolean update(String text) {
      int cut = stops.firstMatch(text, emitted);
      if (cut >= 0) {
        stoppedText = text.substring(0, cut);
        emit(stoppedText, stoppedText.length());
        return true;
      }
      int safe = text.length();
      // A trailing U+FFFD is most likely a character whose bytes are not all generated yet.
      while (safe > emitted && text.charAt(safe - 1) == '\uFFFD') {
        safe--;
      }
      emit(text, stops.releasable(text, emitted, safe));
      return false;
    }

    private void emit(String text, int upTo) {
      if (upTo > emitted) {
        onText.accept(text.substring(emitted, upTo));
        emitted = upTo;
      }
    }

    /** Flushes what was held back and returns the final text. */
    String finish(String fullText) {
      if (stoppedText != null) {
        return stoppedText;
      }
      emit(fullText, fullText.length());
      return fullText;
    }
  }
}
