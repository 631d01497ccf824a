package com.jsmai.plugin.faq;

import com.jsmai.plugin.concurrent.DaemonThreads;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small sentence encoder run in-process with ONNX Runtime, from the model jars that langchain4j
 * publishes on Maven Central: BAAI bge-small v1.5, int8-quantised, 384 dimensions, English ({@code
 * bge-small-en-v1.5}, 34 MB) or Chinese ({@code bge-small-zh-v1.5}, 24 MB; it also reads English,
 * less well). Loading takes a second or two; share one instance. Thread-safe.
 */
public final class OnnxEmbedder implements Embedder, AutoCloseable {

  public enum Model {
    BGE_SMALL_EN_V15("bge-small-en-v1.5-q"),
    BGE_SMALL_ZH_V15("bge-small-zh-v1.5-q");

    final String id;

    Model(String id) {
      this.id = id;
    }
  }

  private final Model model;
  private final ExecutorService executor;
  private final EmbeddingModel delegate;

  /**
   * @param model which encoder
   * @param threads parallel sentences in {@link #embedAll}; ONNX Runtime adds its own threads
   */
  public OnnxEmbedder(Model model, int threads) {
    if (threads < 1) throw new IllegalArgumentException("threads < 1: " + threads);
    this.model = model;
    this.executor =
        Executors.newFixedThreadPool(threads, DaemonThreads.named("embedder-" + model.id));
    this.delegate =
        switch (model) {
          case BGE_SMALL_EN_V15 -> new BgeSmallEnV15QuantizedEmbeddingModel(executor);
          case BGE_SMALL_ZH_V15 -> new BgeSmallZhV15QuantizedEmbeddingModel(executor);
        };
  }

  public OnnxEmbedder(Model model) {
    this(model, Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  @Override
  public String name() {
    return model.id;
  }

  @Override
  public float[] embed(String text) {
    return Embedder.normalize(delegate.embed(text).content().vector());
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    if (texts.isEmpty()) return List.of();
    List<TextSegment> segments = new ArrayList<>(texts.size());
    for (String t : texts) segments.add(TextSegment.from(t.isBlank() ? "." : t));
    List<float[]> out = new ArrayList<>(texts.size());
    for (Embedding e : delegate.embedAll(segments).content())
      out.add(Embedder.normalize(e.vector()));
    return out;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
