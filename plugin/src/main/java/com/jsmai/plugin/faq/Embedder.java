package com.jsmai.plugin.faq;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns text into a unit-length vector so that cosine similarity is a dot product. The real one is
 * {@link OnnxEmbedder}; implementations are thread-safe.
 */
public interface Embedder {
  /** A short stable name: it keys cached vectors, so it changes whenever the vectors would. */
  String name();

  /** The unit-length embedding of {@code text}. */
  float[] embed(String text);

  /** Embeddings of many texts, in order; implementations may batch or parallelise. */
  default List<float[]> embedAll(List<String> texts) {
    List<float[]> out = new ArrayList<>(texts.size());
    for (String t : texts) out.add(embed(t));
    return out;
  }

  /** Scales {@code v} to unit length in place and returns it. */
  static float[] normalize(float[] v) {
    double norm = 0;
    for (float x : v) norm += x * x;
    norm = Math.sqrt(norm);
    if (norm > 0) for (int i = 0; i < v.length; i++) v[i] /= (float) norm;
    return v;
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }
}
