package com.jsmai.node.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The machine's streaming-read bandwidth as the engine itself sees it: the best of several {@code
 * sum()} passes over one large FP32 tensor, with the engine's thread setting. This is the ceiling a
 * batch-1 decode step (which reads every weight once) can approach.
 */
public final class MemoryBandwidth {
  private MemoryBandwidth() {}

  /** Bytes per second, best of {@code passes} sums over a {@code bytes}-sized tensor. */
  public static double measure(NDManager parent, long bytes, int passes) {
    if (passes < 1 || bytes < 4) {
      throw new IllegalArgumentException("need passes >= 1 and bytes >= 4");
    }
    try (NDManager m = parent.newSubManager()) {
      NDArray big = m.ones(new Shape(bytes / 4), DataType.FLOAT32); // pages written, resident
      long best = Long.MAX_VALUE;
      for (int p = 0; p < passes; p++) {
        try (NDScope scope = new NDScope()) {
          scope.suppressNotUsedWarning();
          long t0 = System.nanoTime();
          float s = big.sum().getFloat();
          long dt = System.nanoTime() - t0;
          if (s <= 0) {
            throw new IllegalStateException("unexpected sum " + s);
          }
          best = Math.min(best, dt);
        }
      }
      return (bytes / 4 * 4) / (best / 1e9);
    }
  }
}
