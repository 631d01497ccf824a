package com.jsmai.plugin.faq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Exact nearest-neighbour search over the embedded example questions of FAQ entries. An entry's
 * score is its best-matching example (1-nearest-neighbour by entry): one close paraphrase is
 * stronger evidence than many loose ones. Brute force is fine at FAQ scale (10k examples x 384
 * dimensions: a few milliseconds). Immutable and thread-safe.
 */
public final class EmbeddingIndex {

  /** One candidate entry and its cosine similarity to the query. */
  public record Hit(int entry, double similarity) {}

  private final float[][] vectors; // [examples][dim], unit length
  private final int[] entryOf; // [examples] -> entry index
  private final int entries;

  public EmbeddingIndex(List<float[]> vectors, List<Integer> entryOf) {
    if (vectors.size() != entryOf.size()) {
      throw new IllegalArgumentException(
          vectors.size() + " vectors but " + entryOf.size() + " owners");
    }
    this.vectors = vectors.toArray(new float[0][]);
    this.entryOf = entryOf.stream().mapToInt(Integer::intValue).toArray();
    this.entries = Arrays.stream(this.entryOf).max().orElse(-1) + 1;
  }

  public int size() {
    return vectors.length;
  }

  /** The {@code k} best entries for a unit-length query vector, best first. */
  public List<Hit> search(float[] query, int k) {
    double[] best = new double[entries];
    Arrays.fill(best, -2);
    for (int i = 0; i < vectors.length; i++) {
      double s = Embedder.dot(query, vectors[i]);
      if (s > best[entryOf[i]]) best[entryOf[i]] = s;
    }
    List<Hit> hits = new ArrayList<>();
    for (int e = 0; e < entries; e++) if (best[e] > -2) hits.add(new Hit(e, best[e]));
    hits.sort((a, b) -> Double.compare(b.similarity(), a.similarity()));
    return hits.subList(0, Math.min(k, hits.size()));
  }
}
