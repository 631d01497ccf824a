package com.jsmai.node.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Batch-1 matrix-vector layouts compared on the decode step's shapes: {@code x[1,K]·W[K,N]} (the
 * engine's layout), {@code W[N,K]·x[K,1]} and {@code x·W[N,K]ᵀ} (HF's linear layout through a
 * transposed view), plus the LM head split into column blocks, each reported as GB/s of weights
 * read (median of many repetitions) next to a {@code sum()} over 2 GiB.
 *
 * <pre>
 * java -cp inference-node/target/inference-node.jar com.jsmai.node.bench.GemvBench \
 *     [--threads 2 [--streaming-only]]
 * </pre>
 */
public final class GemvBench {
  private GemvBench() {}

  public static void main(String[] args) {
    int threads = args.length >= 2 && args[0].equals("--threads") ? Integer.parseInt(args[1]) : 2;
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    int[][] shapes =
        args.length >= 3 && args[2].equals("--streaming-only")
            ? new int[0][]
            : new int[][] {{896, 1152}, {896, 896}, {896, 9728}, {4864, 896}, {896, 151936}};
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      System.out.printf(Locale.ROOT, "threads %d%n", threads);
      for (int[] s : shapes) {
        int k = s[0];
        int n = s[1];
        long bytes = 4L * k * n;
        int reps = (int) Math.max(20, Math.min(400, 4_000_000_000L / bytes));
        NDArray wkn = m.randomUniform(-1, 1, new Shape(k, n), DataType.FLOAT32); // [K, N]
        NDArray wnk = wkn.transpose().reshape(-1).reshape(n, k); // [N, K] contiguous
        NDArray x = m.randomUniform(-1, 1, new Shape(1, k), DataType.FLOAT32); // [1, K]
        NDArray xt = x.reshape(k, 1); // [K, 1]
        double a = gbps(bytes, reps, () -> x.matMul(wkn));
        double b = gbps(bytes, reps, () -> wnk.matMul(xt));
        double c = gbps(bytes, reps, () -> x.matMul(wnk.transpose()));
        String line =
            String.format(
                Locale.ROOT,
                "K=%5d N=%6d %6.1f MB  x·W[K,N] %5.1f  W[N,K]·x %5.1f  x·W[N,K]ᵀ %5.1f GB/s",
                k,
                n,
                bytes / 1e6,
                a,
                b,
                c);
        if (n > 100_000) {
          for (int blocks : new int[] {4, 8, 16, 32}) {
            NDList parts = wkn.split(blocks, 1);
            NDArray[] owned = new NDArray[blocks];
            for (int i = 0; i < blocks; i++) {
              owned[i] = parts.get(i).duplicate(); // [K, N/blocks] contiguous
            }
            double d =
                gbps(
                    bytes,
                    reps,
                    () -> {
                      NDList outs = new NDList(blocks);
                      for (NDArray w : owned) {
                        outs.add(x.matMul(w));
                      }
                      return outs.get(0);
                    });
            NDList views = wkn.split(blocks, 1); // [K, N/blocks] views, row stride N
            double f =
                gbps(
                    bytes,
                    reps,
                    () -> {
                      NDList outs = new NDList(blocks);
                      for (NDArray w : views) {
                        outs.add(x.matMul(w));
                      }
                      return NDArrays.concat(outs, 1);
                    });
            NDList rowParts = wnk.split(blocks, 0);
            double e =
                gbps(
                    bytes,
                    reps,
                    () -> {
                      NDList outs = new NDList(blocks);
                      for (NDArray w : rowParts) {
                        outs.add(w.matMul(xt));
                      }
                      return outs.get(0);
                    });
            line +=
                String.format(
                    Locale.ROOT,
                    "%n   %2d column blocks x·W %5.1f, views + concat %5.1f, W·x %5.1f GB/s",
                    blocks,
                    d,
                    f,
                    e);
          }
        }
        System.out.println(line);
        wkn.close();
        wnk.close();
      }
      System.out.printf(
          Locale.ROOT,
          "sum() over 2 GiB: %.1f GB/s%n",
          MemoryBandwidth.measure(m, 2L << 30, 5) / 1e9);
      streaming(m);
      lmHeadBlocks(m);
    }
  }

  /**
   * Matrix-vector products over more memory than the last-level cache holds (24 gate/up-shaped
   * matrices, 837 MB, as in one decode step), alternated round by round with {@code sum()} over a
   * tensor of the same size: the ratio is the fraction of the streaming bandwidth a decode matmul
   * can reach, and alternating keeps both under the same machine load.
   */
  private static void streaming(NDManager m) {
    int count = 24;
    NDArray[] ws = new NDArray[count];
    for (int i = 0; i < count; i++) {
      ws[i] = m.randomUniform(-1, 1, new Shape(896, 9728), DataType.FLOAT32); // [K, N]
    }
    NDArray x = m.randomUniform(-1, 1, new Shape(1, 896), DataType.FLOAT32); // [1, K]
    NDArray flat = m.ones(new Shape(24L * 896 * 9728), DataType.FLOAT32);
    long bytes = 24L * 896 * 9728 * 4;
    int rounds = 15;
    long[] gemv = new long[rounds];
    long[] sum = new long[rounds];
    for (int r = -2; r < rounds; r++) {
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        long t0 = System.nanoTime();
        for (NDArray w : ws) {
          x.matMul(w);
        }
        long t1 = System.nanoTime();
        flat.sum().getFloat();
        long t2 = System.nanoTime();
        if (r >= 0) {
          gemv[r] = t1 - t0;
          sum[r] = t2 - t1;
        }
      }
    }
    double[] ratio = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      ratio[r] = (double) sum[r] / gemv[r];
    }
    Arrays.sort(ratio);
    System.out.printf(
        Locale.ROOT,
        "streaming %d MB: x·W %.1f GB/s, sum() %.1f GB/s (medians); per-round GEMV/sum"
            + " bandwidth ratio median %.2f, max %.2f%n",
        bytes / 1_000_000,
        bytes / DecodeProfile.median(gemv),
        bytes / DecodeProfile.median(sum),
        ratio[rounds / 2],
        ratio[rounds - 1]);
  }

  /**
   * The LM head {@code [1, 896]·[896, 151936]} as one matmul versus 4,096-column views (as {@code
   * QwenModel} does), alternated repetition by repetition so both see the same machine load.
   */
  private static void lmHeadBlocks(NDManager m) {
    long k = 896;
    long n = 151936;
    NDArray w = m.randomUniform(-1, 1, new Shape(k, n), DataType.FLOAT32); // [K, N]
    NDArray x = m.randomUniform(-1, 1, new Shape(1, k), DataType.FLOAT32); // [1, K]
    NDList views = new NDList();
    for (long a = 0; a < n; a += 4096) {
      views.add(
          w.get(
              new ai.djl.ndarray.index.NDIndex()
                  .addAllDim()
                  .addSliceDim(a, Math.min(n, a + 4096))));
    }
    int reps = 40;
    long[] whole = new long[reps];
    long[] blocked = new long[reps];
    for (int r = -3; r < reps; r++) {
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        long t0 = System.nanoTime();
        x.matMul(w);
        long t1 = System.nanoTime();
        NDList outs = new NDList(views.size());
        for (NDArray v : views) {
          outs.add(x.matMul(v));
        }
        NDArrays.concat(outs, 1);
        long t2 = System.nanoTime();
        if (r >= 0) {
          whole[r] = t1 - t0;
          blocked[r] = t2 - t1;
        }
      }
    }
    long bytes = 4 * k * n;
    System.out.printf(
        Locale.ROOT,
        "LM head alternated: one matmul %.1f GB/s (p10 time %.1f GB/s), 4096-column views %.1f"
            + " GB/s (p10 time %.1f GB/s)%n",
        bytes / DecodeProfile.median(whole),
        bytes / DecodeProfile.percentile(whole, 0.1),
        bytes / DecodeProfile.median(blocked),
        bytes / DecodeProfile.percentile(blocked, 0.1));
  }

  /** Median GB/s of {@code reps} runs of {@code op}, each freeing its result. */
  private static double gbps(long bytes, int reps, Supplier<NDArray> op) {
    long[] t = new long[reps];
    for (int i = -3; i < reps; i++) {
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        long t0 = System.nanoTime();
        op.get();
        long dt = System.nanoTime() - t0;
        if (i >= 0) {
          t[i] = dt;
        }
      }
    }
    return bytes / DecodeProfile.median(t);
  }
}
