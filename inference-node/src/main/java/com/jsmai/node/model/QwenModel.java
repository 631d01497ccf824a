package com.jsmai.node.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.jsmai.node.checkpoint.Checkpoint;
import com.jsmai.node.checkpoint.GenerationDefaults;
import com.jsmai.node.checkpoint.ModelConfig;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Qwen2 / Qwen3 / Llama decoder on DJL + PyTorch: immutable weights plus a forward pass over any
 * number of sequences, each with its own {@link KvCache} and position.
 *
 * <h2>Use</h2>
 *
 * <pre>{@code
 * try (QwenModel model = QwenModel.load(dir, Device.cpu());
 *     Sequence seq = model.newSequence(256)) {
 *   float[] logits = model.prefill(seq, promptIds);          // [V], last prompt position
 *   float[][] next = model.decode(List.of(seq), new int[] {tok}); // [1][V]
 * }
 * }</pre>
 *
 * <h2>Batching (for the serving engine)</h2>
 *
 * {@link #forward(List, List)} takes B sequences and, for each, a chunk of new tokens (1 for a
 * decode step, many for a prefill or a chunk of one). All chunks are packed into one {@code [N, H]}
 * activation (N = Σ T): embeddings, norms, the fused q/k/v, o, gate/up and down projections and the
 * LM head run as one matmul for the whole batch, so weights are read once per step. RoPE uses each
 * row's own position. Attention runs per sequence against that sequence's cache (its own length; a
 * causal mask inside a multi-token chunk), so sequences of different lengths need no padding.
 * {@link #decode} is the one-token-per-sequence case. Each call returns the logits of the last
 * token of every chunk.
 *
 * <p>Prefix sharing: fill one sequence with a common prompt, then {@link KvCache#copyPrefixFrom}
 * into new sequences and prefill only their suffixes.
 *
 * <h2>Numerics</h2>
 *
 * As HF transformers: RMSNorm, residual stream, RoPE tables and softmax in FP32; GQA by
 * broadcasting each KV head over its group of query heads; Qwen3 q/k RMSNorm per head before RoPE.
 * On CPU everything is FP32. On GPU the matrices, KV cache and matmul inputs are FP16 (Qwen
 * overflows in FP16 otherwise: the residual, norms and softmax stay FP32); that path has not been
 * run here (no GPU was available).
 *
 * <h2>Memory and threads</h2>
 *
 * Weights live on a capped manager; each forward runs in an {@link NDScope} on a step sub-manager,
 * so only Java arrays leave it. Weights are never written. Forwards on disjoint sequences may run
 * on different threads; a sequence must not be used by two threads at once.
 */
public final class QwenModel implements AutoCloseable {
  private final ModelConfig config;
  private final GenerationDefaults generationDefaults;
  private final Device device;
  private final DataType computeType;
  private final NDManager root;
  private final NDManager weightsManager;
  // Tied: one contiguous [H, V] copy serves both the LM head matmul (at full streaming speed)
  // and the embedding lookup (a column gather). Untied: embedTokens [V, H] for the row gather.
  private final NDArray embedTokens; // [V, H] compute type, or null when tied
  private final NDArray lmHeadT; // [H, V] compute type, contiguous
  private final NDArray[] lmHeadBlocks; // views [H, ≤ LM_HEAD_BLOCK_COLUMNS] of lmHeadT (CPU)
  private final NDArray norm; // [H] fp32
  private final List<LayerWeights> layers;
  private final NDArray eps; // scalar fp32
  private final Rope rope;
  private final AtomicLong nextSequenceId = new AtomicLong();

  /**
   * Columns per LM head block on CPU: 16 KB of FP32 output per block (see {@link #lmHead});
   * override with {@code -Djsmai.lmHeadBlockColumns=N} at load, 0 for one matmul.
   */
  static final int LM_HEAD_BLOCK_COLUMNS = 4096;

  /** Prompt tokens per forward in {@link #prefill}. */
  public static final int PREFILL_CHUNK = 512;

  private QwenModel(
      ModelConfig config,
      GenerationDefaults generationDefaults,
      Device device,
      DataType computeType,
      NDManager root,
      NDManager weightsManager,
      NDArray embedTokens,
      NDArray lmHeadT,
      NDArray norm,
      List<LayerWeights> layers,
      NDArray eps) {
    this.config = config;
    this.generationDefaults = generationDefaults;
    this.device = device;
    this.computeType = computeType;
    this.root = root;
    this.weightsManager = weightsManager;
    this.embedTokens = embedTokens;
    this.lmHeadT = lmHeadT;
    int blockColumns = Integer.getInteger("jsmai.lmHeadBlockColumns", LM_HEAD_BLOCK_COLUMNS);
    this.lmHeadBlocks =
        columnBlocks(
            lmHeadT, device.isGpu() || blockColumns <= 0 ? Integer.MAX_VALUE : blockColumns);
    this.norm = norm;
    this.layers = List.copyOf(layers);
    this.eps = eps;
    this.rope = new Rope(config);
  }

  /**
   * Views of {@code w} ({@code [H, V]}) of at most {@code columns} columns each, on its manager.
   */
  private static NDArray[] columnBlocks(NDArray w, int columns) {
    long v = w.getShape().get(1);
    if (v <= columns) {
      return new NDArray[] {w};
    }
    int n = (int) ((v + columns - 1) / columns);
    NDArray[] blocks = new NDArray[n];
    for (int i = 0; i < n; i++) {
      long a = (long) i * columns;
      blocks[i] = w.get(new NDIndex().addAllDim().addSliceDim(a, Math.min(v, a + columns)));
    }
    return blocks;
  }

  /** Loads a checkpoint directory onto the CPU. */
  public static QwenModel load(Path dir) {
    return load(dir, Device.cpu());
  }

  /**
   * Loads a checkpoint directory; errors name the file and tensor ({@link
   * com.jsmai.node.checkpoint.CheckpointException}). On GPU the matrices become FP16.
   */
  public static QwenModel load(Path dir, Device device) {
    Checkpoint ckpt = Checkpoint.open(dir);
    ModelConfig c = ckpt.config();
    DataType compute = device.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32;
    NDManager root = NDManager.newBaseManager(device, "PyTorch");
    try {
      NDManager wm = root.newSubManager();
      Loader ld = new Loader(ckpt, wm, compute);
      long h = c.hiddenSize();
      long inter = c.intermediateSize();
      long q = c.qDim();
      long kv = c.kvDim();
      long hd = c.headDim();
      long v = c.vocabSize();
      // Tied rule: the LM head is embed_tokens; a present lm_head.weight is ignored.
      NDArray embed =
          c.tieWordEmbeddings() ? null : ld.matrix("model.embed_tokens.weight", v, h); // [V, H]
      NDArray lmHeadT =
          ld.fusedTransposed(
              new String[] {c.tieWordEmbeddings() ? "model.embed_tokens.weight" : "lm_head.weight"},
              new long[] {v},
              h); // [H, V]
      // Folded at load, so a decode step runs fewer ops (each op is a JNI call and a tensor):
      //   norm weights: (x̂ ∘ w)·W = x̂·(diag(w)·W), w into the rows of the next matmul;
      //   the attention scale s = 1/sqrt(hd): into the q columns and q bias, or (Qwen3, where
      //   the per-head q norm comes first and would cancel it) into q_norm. RoPE is linear, so
      //   scaling q before it equals scaling after. Rounding differs from HF only in the last bit.
      float s = (float) (1.0 / Math.sqrt(c.headDim()));
      float[] qColumnScale = new float[(int) (q + 2 * kv)];
      Arrays.fill(qColumnScale, 1f);
      if (!c.qkNorm()) {
        Arrays.fill(qColumnScale, 0, (int) q, s);
      }
      List<LayerWeights> layers = new ArrayList<>();
      for (int i = 0; i < c.numHiddenLayers(); i++) {
        String p = "model.layers." + i + ".";
        NDArray qkv =
            ld.fusedTransposed(
                new String[] {
                  p + "self_attn.q_proj.weight",
                  p + "self_attn.k_proj.weight",
                  p + "self_attn.v_proj.weight"
                },
                new long[] {q, kv, kv},
                h,
                ld.vector(p + "input_layernorm.weight", h),
                qColumnScale);
        NDArray qkvBias = null;
        if (c.attentionBias()) {
          qkvBias =
              ld.fusedVector(
                  new String[] {
                    p + "self_attn.q_proj.bias",
                    p + "self_attn.k_proj.bias",
                    p + "self_attn.v_proj.bias"
                  },
                  new long[] {q, kv, kv},
                  qColumnScale);
        }
        NDArray qkNorm = null;
        if (c.qkNorm()) {
          int nH = c.numAttentionHeads();
          int nKv = c.numKeyValueHeads();
          float[] qn = ld.vector(p + "self_attn.q_norm.weight", hd);
          float[] kn = ld.vector(p + "self_attn.k_norm.weight", hd);
          float[] table = new float[(int) ((nH + nKv) * hd)]; // [nH + nKV, hd]
          for (int head = 0; head < nH + nKv; head++) {
            for (int j = 0; j < hd; j++) {
              table[(int) (head * hd + j)] = head < nH ? qn[j] * s : kn[j];
            }
          }
          qkNorm = wm.create(table, new Shape(nH + nKv, hd));
        }
        layers.add(
            new LayerWeights(
                qkv,
                qkvBias,
                qkNorm,
                ld.fusedTransposed(new String[] {p + "self_attn.o_proj.weight"}, new long[] {h}, q),
                ld.fusedTransposed(
                    new String[] {p + "mlp.gate_proj.weight", p + "mlp.up_proj.weight"},
                    new long[] {inter, inter},
                    h,
                    ld.vector(p + "post_attention_layernorm.weight", h),
                    null),
                ld.fusedTransposed(
                    new String[] {p + "mlp.down_proj.weight"}, new long[] {h}, inter)));
      }
      NDArray norm = ld.norm("model.norm.weight", h);
      NDArray eps = wm.create((float) c.rmsNormEps());
      QwenModel model =
          new QwenModel(
              c,
              ckpt.generationDefaults(),
              device,
              compute,
              root,
              wm,
              embed,
              lmHeadT,
              norm,
              layers,
              eps);
      wm.cap(); // any later attachment to the weights is a bug: fail loudly
      // Every weight is now a copy; the file mappings (and BF16 staging buffers) still count as
      // resident memory until their buffers are collected. A small heap may not collect for hours.
      System.gc();
      return model;
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /** Reads tensors into model-lifetime arrays; temporaries are closed as it goes. */
  private static final class Loader {
    private final Checkpoint ckpt;
    private final NDManager wm;
    private final DataType compute;
    private final List<ByteBuffer> staged = new ArrayList<>();

    Loader(Checkpoint ckpt, NDManager wm, DataType compute) {
      this.ckpt = ckpt;
      this.wm = wm;
      this.compute = compute;
    }

    /** An FP32 view over the checkpoint bytes (zero-copy for F32 on CPU). */
    private NDArray raw(NDManager m, String name, long... shape) {
      ByteBuffer buf = ckpt.read(name, shape);
      staged.add(buf);
      return m.create(buf, new Shape(shape), DataType.FLOAT32);
    }

    /**
     * Unmaps (or frees) the buffers read for one weight once every array over them is closed, so
     * resident memory during load stays near the size of the weights rather than twice it.
     */
    private void releaseStaged() {
      for (ByteBuffer b : staged) {
        Checkpoint.release(b);
      }
      staged.clear();
    }

    /** A 1-D FP32 norm weight, copied out of the mapping. */
    NDArray norm(String name, long size) {
      try {
        try (NDManager tmp = wm.newSubManager()) {
          NDArray a = raw(tmp, name, size).duplicate();
          a.attach(wm);
          return a;
        }
      } finally {
        releaseStaged();
      }
    }

    /** A 1-D FP32 tensor as a Java array (norm weights to be folded into matrices). */
    float[] vector(String name, long size) {
      try {
        try (NDManager tmp = wm.newSubManager()) {
          return raw(tmp, name, size).toFloatArray();
        }
      } finally {
        releaseStaged();
      }
    }

    /**
     * A copy in the compute type that owns its memory. {@code toType} to the same type returns a
     * tensor sharing storage (here: the file mapping, which may be unmapped once unreachable), so
     * same-type arrays are duplicated.
     */
    private NDArray owned(NDArray a, String name) {
      if (a.getDataType() == compute) {
        return a.duplicate();
      }
      NDArray converted = a.toType(compute, false);
      // FP16 holds up to 65504: a larger weight would silently become inf on the GPU.
      if (converted.isInfinite().any().getBoolean() || converted.isNaN().any().getBoolean()) {
        throw new com.jsmai.node.checkpoint.CheckpointException(
            ckpt.dir() + ": tensor '" + name + "' has values outside the " + compute + " range");
      }
      return converted;
    }

    /** [rows, cols] in the compute type, same layout as on disk (embeddings). */
    NDArray matrix(String name, long rows, long cols) {
      try {
        try (NDManager tmp = wm.newSubManager()) {
          NDArray a = owned(raw(tmp, name, rows, cols), name);
          a.attach(wm);
          return a;
        }
      } finally {
        releaseStaged();
      }
    }

    /** Concatenated 1-D tensors (fused biases) times {@code scale} (same length), FP32. */
    NDArray fusedVector(String[] names, long[] sizes, float[] scale) {
      try {
        try (NDManager tmp = wm.newSubManager()) {
          NDList parts = new NDList();
          for (int i = 0; i < names.length; i++) {
            parts.add(raw(tmp, names[i], sizes[i]));
          }
          NDArray cat = NDArrays.concat(parts, 0);
          NDArray a = owned(cat.mul(tmp.create(scale)), names[0]);
          a.attach(wm);
          return a;
        }
      } finally {
        releaseStaged();
      }
    }

    /**
     * HF linear weights {@code [out_i, in]} concatenated along out and transposed to a contiguous
     * {@code [in, Σ out_i]}, so that {@code y = x.matMul(W)}.
     */
    NDArray fusedTransposed(String[] names, long[] outs, long in) {
      return fusedTransposed(names, outs, in, null, null);
    }

    /**
     * As {@link #fusedTransposed(String[], long[], long)}, with row i of the result multiplied by
     * {@code rowScale[i]} and column j by {@code columnScale[j]} (either may be null), in FP32
     * before any conversion to the compute type.
     */
    NDArray fusedTransposed(
        String[] names, long[] outs, long in, float[] rowScale, float[] columnScale) {
      try {
        try (NDManager tmp = wm.newSubManager()) {
          NDList parts = new NDList();
          long total = 0;
          for (int i = 0; i < names.length; i++) {
            parts.add(raw(tmp, names[i], outs[i], in));
            total += outs[i];
          }
          NDArray cat = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
          // reshape of a transposed view to 1-D forces a contiguous copy in the new layout.
          NDArray t = cat.transpose().reshape(-1).reshape(in, total); // [in, Σ out] contiguous
          // Out of place: t may still share the (read-only) mapping when no copy was needed.
          if (rowScale != null) {
            t = t.mul(tmp.create(rowScale, new Shape(in, 1)));
          }
          if (columnScale != null) {
            t = t.mul(tmp.create(columnScale, new Shape(1, total)));
          }
          t = owned(t, String.join(" + ", names));
          t.attach(wm);
          return t;
        }
      } finally {
        releaseStaged();
      }
    }
  }

  public ModelConfig config() {
    return config;
  }

  public GenerationDefaults generationDefaults() {
    return generationDefaults;
  }

  public Device device() {
    return device;
  }

  /** FP32 on CPU, FP16 on GPU. */
  public DataType computeType() {
    return computeType;
  }

  /** Bytes of weights a batch-1 decode step reads (matrices, norms, LM head; not the gather). */
  public long weightBytesPerStep() {
    long total = lmHeadT.getShape().size() * computeType.getNumOfBytes();
    total += norm.getShape().size() * 4;
    for (LayerWeights w : layers) {
      for (NDArray a :
          new NDArray[] {
            w.qkvProj(), w.qkvBias(), w.qkNorm(), w.oProj(), w.gateUpProj(), w.downProj()
          }) {
        if (a != null) {
          total += a.getShape().size() * a.getDataType().getNumOfBytes();
        }
      }
    }
    return total;
  }

  /** Bytes one cached token occupies (K and V, all layers). */
  public long kvBytesPerToken() {
    return 2L * config.numHiddenLayers() * config.kvDim() * computeType.getNumOfBytes();
  }

  /** A new empty sequence whose cache starts with room for {@code initialCapacity} tokens. */
  public Sequence newSequence(int initialCapacity) {
    int cap = Math.max(1, Math.min(initialCapacity, config.maxPositionEmbeddings()));
    KvCache cache =
        new ContiguousKvCache(
            root,
            config.numHiddenLayers(),
            config.numKeyValueHeads(),
            config.headDim(),
            computeType,
            cap,
            config.maxPositionEmbeddings());
    return new Sequence(nextSequenceId.incrementAndGet(), cache);
  }

  /**
   * Processes a prompt (or the next chunk of one); returns the logits {@code [V]} of its last
   * token.
   */
  public float[] prefill(Sequence sequence, int[] tokens) {
    if (tokens.length == 0) {
      throw new IllegalArgumentException("empty prompt");
    }
    // Chunks bound the attention scores ([heads, chunk, context] floats) for long prompts.
    float[] logits = null;
    for (int start = 0; start < tokens.length; start += PREFILL_CHUNK) {
      int[] chunk =
          Arrays.copyOfRange(tokens, start, Math.min(tokens.length, start + PREFILL_CHUNK));
      logits = forward(List.of(sequence), List.of(chunk))[0];
    }
    return logits;
  }

  /** One decode step for each sequence; returns logits {@code [B][V]}. */
  public float[][] decode(List<Sequence> sequences, int[] tokens) {
    if (tokens.length != sequences.size()) {
      throw new IllegalArgumentException(
          tokens.length + " tokens for " + sequences.size() + " sequences");
    }
    List<int[]> chunks = new ArrayList<>(tokens.length);
    for (int t : tokens) {
      chunks.add(new int[] {t});
    }
    return forward(sequences, chunks);
  }

  /**
   * Runs chunk i of new tokens for sequence i (all in one forward) and returns, per sequence, the
   * logits {@code [V]} of its chunk's last token. Caches are committed only when the whole forward
   * succeeds.
   */
  public float[][] forward(List<Sequence> sequences, List<int[]> chunks) {
    return forward(sequences, chunks, StepTrace.NONE);
  }

  /** {@link #forward(List, List)} reporting the end of each group of ops to {@code trace}. */
  public float[][] forward(List<Sequence> sequences, List<int[]> chunks, StepTrace trace) {
    int b = sequences.size();
    if (b == 0 || chunks.size() != b) {
      throw new IllegalArgumentException(
          "need one non-empty chunk per sequence, got "
              + b
              + " sequences, "
              + chunks.size()
              + " chunks");
    }
    Map<Sequence, Boolean> seen = new IdentityHashMap<>();
    int n = 0;
    for (int i = 0; i < b; i++) {
      Sequence s = sequences.get(i);
      int[] c = chunks.get(i);
      if (seen.put(s, Boolean.TRUE) != null) {
        throw new IllegalArgumentException("sequence " + s.id() + " appears twice in one batch");
      }
      if (c.length == 0) {
        throw new IllegalArgumentException("empty chunk for sequence " + s.id());
      }
      if (s.length() + c.length > config.maxPositionEmbeddings()) {
        throw new IllegalArgumentException(
            "sequence "
                + s.id()
                + " would reach "
                + (s.length() + c.length)
                + " tokens, beyond max_position_embeddings "
                + config.maxPositionEmbeddings());
      }
      for (int t : c) {
        if (t < 0 || t >= config.vocabSize()) {
          throw new IllegalArgumentException(
              "token id " + t + " outside the vocabulary 0.." + (config.vocabSize() - 1));
        }
      }
      n += c.length;
    }
    long[] ids = new long[n]; // [N]
    int[] positions = new int[n]; // [N]
    int[] offsets = new int[b];
    long[] lastRows = new long[b];
    int row = 0;
    for (int i = 0; i < b; i++) {
      int[] c = chunks.get(i);
      int past = sequences.get(i).length();
      offsets[i] = row;
      for (int j = 0; j < c.length; j++) {
        ids[row] = c[j];
        positions[row] = past + j;
        row++;
      }
      lastRows[i] = row - 1;
      sequences.get(i).cache().reserve(past + c.length);
    }
    int hd = config.headDim();
    float[] cos = new float[n * hd];
    float[] sin = new float[n * hd];
    rope.fill(positions, cos, sin);
    // rotate_half(x)·sin = swap_halves(x)·[-sin_lo, sin_hi]: fold the sign into the table.
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < hd / 2; i++) {
        sin[r * hd + i] = -sin[r * hd + i];
      }
    }
    trace.mark("setup");
    float[][] out = new float[b][];
    try (NDManager step = root.newSubManager();
        NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray idArray = step.create(ids); // [N] int64
      NDArray x = toF32(embed(step, idArray, n)); // [N, H]
      NDArray cosArr = step.create(cos, new Shape(n, 1, hd)); // [N, 1, hd]
      NDArray sinArr = step.create(sin, new Shape(n, 1, hd)); // [N, 1, hd]
      NDArray[] masks = new NDArray[b]; // per sequence [T, past + T], null for one token
      for (int i = 0; i < b; i++) {
        int t = chunks.get(i).length;
        if (t > 1) {
          masks[i] = causalMask(step, sequences.get(i).length(), t);
        }
      }
      trace.mark("embed");
      for (int l = 0; l < layers.size(); l++) {
        LayerWeights w = layers.get(l);
        // A scope per layer frees its temporaries at once: a 512-token prefill would otherwise
        // hold every layer's activations (about 100 MB each for Qwen2.5-0.5B) until the end.
        try (NDScope layerScope = new NDScope()) {
          layerScope.suppressNotUsedWarning();
          x = decoderLayer(step, l, w, x, sequences, chunks, offsets, cosArr, sinArr, masks, trace);
        }
        trace.mark("layer_scope_close");
      }
      NDArray last = b == n ? x : x.get(step, new NDIndex("{}", step.create(lastRows))); // [B, H]
      NDArray hNorm = rmsNorm(last, norm); // [B, H]
      trace.mark("final_norm");
      NDArray logits = lmHead(toCompute(hNorm)); // [B, V]
      trace.mark("lm_head");
      float[] flat = logits.toFloatArray(); // a fresh array: batch 1 returns it as is
      int v = config.vocabSize();
      if (b == 1) {
        out[0] = flat;
      } else {
        for (int i = 0; i < b; i++) {
          out[i] = Arrays.copyOfRange(flat, i * v, (i + 1) * v);
        }
      }
      trace.mark("logits_to_java");
    }
    trace.mark("step_close");
    for (int i = 0; i < b; i++) {
      Sequence s = sequences.get(i);
      s.cache().commit(s.length() + chunks.get(i).length);
    }
    return out;
  }

  /**
   * {@code h · lmHeadT} as one matmul per column block of {@link #lmHeadBlocks}, concatenated.
   *
   * <p>Why blocks: for {@code [1, H]·[H, V]} with V = 151,936, a matrix-vector product that sweeps
   * the whole 600 KB output once per input row can fall well below the layer matmuls' bandwidth; a
   * block of {@link #LM_HEAD_BLOCK_COLUMNS} columns keeps its output in L1 while its rows stream in
   * 16 KB runs. On the loaded build machine the gain was not consistent (docs/benchmarks.md), hence
   * the switch to turn it off.
   */
  private NDArray lmHead(NDArray h) { // h: [B, H] compute type
    if (lmHeadBlocks.length == 1) {
      return toF32(h.matMul(lmHeadT)); // [B, V]
    }
    NDList outs = new NDList(lmHeadBlocks.length);
    for (NDArray block : lmHeadBlocks) {
      outs.add(h.matMul(block)); // [B, columns of the block]
    }
    return toF32(NDArrays.concat(outs, 1)); // [B, V]
  }

  /** Embedding rows of {@code ids} ({@code [N]}) as a fresh {@code [N, H]} array. */
  private NDArray embed(NDManager step, NDArray ids, int n) {
    if (embedTokens != null) {
      return embedTokens.get(step, new NDIndex("{}", ids)); // row gather [N, H]
    }
    NDArray columns = lmHeadT.get(step, new NDIndex(":, {}", ids)); // [H, N]
    return columns.transpose().reshape(n, config.hiddenSize()); // [N, H]
  }

  /** One decoder block over the packed rows; returns the new residual stream {@code [N, H]}. */
  private NDArray decoderLayer(
      NDManager step,
      int layer,
      LayerWeights w,
      NDArray x, // [N, H] fp32 residual
      List<Sequence> sequences,
      List<int[]> chunks,
      int[] offsets,
      NDArray cos, // [N, 1, hd]
      NDArray sinSigned, // [N, 1, hd]
      NDArray[] masks, // per sequence [T, L] or null
      StepTrace trace) {
    int n = (int) x.getShape().get(0);
    int nH = config.numAttentionHeads();
    int nKv = config.numKeyValueHeads();
    int hd = config.headDim();
    int qDim = config.qDim();
    int kvDim = config.kvDim();

    NDArray h = rmsNorm(x, null); // [N, H]; input_layernorm's weight is in qkvProj
    trace.mark("input_norm");
    NDArray qkv = toCompute(h).matMul(w.qkvProj()); // [N, Q + 2K], q already × 1/sqrt(hd)
    trace.mark("qkv_matmul");
    if (w.qkvBias() != null) {
      qkv.addi(w.qkvBias());
    }
    // q and k heads are adjacent columns: norm (Qwen3) and RoPE run once over all of them.
    NDList parts = qkv.split(new long[] {qDim + kvDim}, 1);
    NDArray qk = toF32(parts.get(0)).reshape(n, nH + nKv, hd); // [N, nH + nKV, hd]
    NDArray v = parts.get(1).reshape(n, nKv, hd); // [N, nKV, hd]
    if (w.qkNorm() != null) {
      qk = rmsNorm(qk, w.qkNorm()); // per head, over hd; [nH + nKV, hd] weight table
    }
    qk = applyRope(qk, cos, sinSigned); // [N, nH + nKV, hd]
    NDList heads = qk.split(new long[] {nH}, 1);
    NDArray q = heads.get(0); // [N, nH, hd]
    NDArray k = heads.get(1); // [N, nKV, hd]
    trace.mark("bias_split_rope");

    NDArray attn; // [N, Q]
    if (sequences.size() == 1) {
      attn = attend(step, layer, sequences.get(0), n, q, toCompute(k), v, masks[0], trace);
    } else {
      NDList perSeq = new NDList(sequences.size());
      for (int i = 0; i < sequences.size(); i++) {
        int t = chunks.get(i).length;
        NDIndex rows = new NDIndex().addSliceDim(offsets[i], offsets[i] + t);
        perSeq.add(
            attend(
                step,
                layer,
                sequences.get(i),
                t,
                q.get(step, rows),
                toCompute(k.get(step, rows)),
                v.get(step, rows),
                masks[i],
                trace));
      }
      attn = NDArrays.concat(perSeq, 0);
    }
    trace.mark("attention");
    x.addi(toF32(attn.matMul(w.oProj()))); // [N, H]
    trace.mark("o_proj_residual");

    NDArray h2 = rmsNorm(x, null); // [N, H]; post_attention_layernorm's weight is in gateUpProj
    trace.mark("post_norm");
    NDArray gateUp = toCompute(h2).matMul(w.gateUpProj()); // [N, 2I]
    trace.mark("gate_up_matmul");
    NDList gu = gateUp.split(2, 1); // gate [N, I], up [N, I]
    NDArray gate = gu.get(0);
    NDArray act = gate.mul(gate.getNDArrayInternal().sigmoid()).muli(gu.get(1)); // silu(g)·u
    trace.mark("silu_mul");
    x.addi(toF32(act.matMul(w.downProj()))); // [N, H]
    trace.mark("down_residual");
    return x; // updated in place: it outlives the caller's per-layer scope
  }

  /**
   * Attention of T new rows of one sequence against its cache (past + these rows). GQA: query heads
   * j·g .. j·g+g-1 share KV head j, done by broadcasting K/V over a group axis.
   */
  private NDArray attend(
      NDManager step,
      int layer,
      Sequence seq,
      int t,
      NDArray q, // [T, nH, hd] fp32, scaled, post-RoPE
      NDArray k, // [T, nKV, hd] compute type, post-RoPE
      NDArray v, // [T, nKV, hd] compute type
      NDArray mask, // [T, L] or null when T == 1
      StepTrace trace) {
    int nKv = config.numKeyValueHeads();
    int g = config.groupSize();
    int hd = config.headDim();
    int past = seq.length();
    int len = past + t;
    KvCache cache = seq.cache();
    cache.write(layer, past, k.transpose(1, 0, 2), v.transpose(1, 0, 2)); // [nKV, T, hd]
    trace.mark("kv_write");
    NDArray keys = cache.keys(layer, len, step); // [nKV, L, hd]
    NDArray values = cache.values(layer, len, step); // [nKV, L, hd]
    // The g query heads of a KV group (times T rows) form the rows of one matrix, so K and V are
    // read in place by a batched matmul over nKV. Broadcasting K/V over a group axis instead makes
    // torch materialise g copies of the cache per layer (profiled: 13% of a decode step at 512).
    NDArray qh =
        toCompute(
            t == 1
                ? q.reshape(nKv, g, hd) // heads j·g .. j·g+g-1 are already adjacent
                : q.reshape(t, nKv, g, hd).transpose(1, 2, 0, 3).reshape(nKv, g * t, hd));
    NDArray scores = toF32(qh.matMul(keys.transpose(0, 2, 1))); // [nKV, g·T, L]
    if (mask != null) {
      scores = scores.reshape(nKv, g, t, len).addi(mask).reshape(nKv, g * t, len); // [T, L] bcast
    }
    NDArray probs = scores.softmax(-1); // fp32 [nKV, g·T, L]
    NDArray o = toCompute(probs).matMul(values); // [nKV, g·T, hd]
    if (t == 1) {
      return o.reshape(1, config.qDim()); // [1, Q]
    }
    return o.reshape(nKv, g, t, hd)
        .transpose(2, 0, 1, 3)
        .reshape(t, (long) config.qDim()); // [T, Q]
  }

  /** 0 where row r (position past + r) may see column j, -inf after it: {@code [T, past + T]}. */
  private static NDArray causalMask(NDManager step, int past, int t) {
    int len = past + t;
    float[] m = new float[t * len];
    for (int r = 0; r < t; r++) {
      Arrays.fill(m, r * len + past + r + 1, (r + 1) * len, Float.NEGATIVE_INFINITY);
    }
    return step.create(m, new Shape(t, len));
  }

  /** x·cos + rotate_half(x)·sin with the sign folded into {@code sinSigned}. */
  private static NDArray applyRope(NDArray x, NDArray cos, NDArray sinSigned) {
    // x: [N, heads, hd]; cos, sinSigned: [N, 1, hd]
    NDList halves = x.split(2, 2); // [N, heads, hd/2] each
    NDArray swapped = halves.get(1).concat(halves.get(0), 2); // cat(x2, x1)
    return x.mul(cos).addi(swapped.muli(sinSigned));
  }

  /**
   * HF Qwen2RMSNorm: {@code weight · x · (mean(x²) + eps)^-½} over the last axis, FP32; {@code
   * weight} null when it has been folded into the next matmul.
   */
  private NDArray rmsNorm(NDArray x, NDArray weight) {
    NDArray rms = x.square().mean(new int[] {-1}, true).addi(eps).sqrt(); // [..., 1]
    NDArray normed = x.div(rms);
    return weight == null ? normed : normed.muli(weight);
  }

  private NDArray toCompute(NDArray a) {
    return a.getDataType() == computeType ? a : a.toType(computeType, false);
  }

  private static NDArray toF32(NDArray a) {
    return a.getDataType() == DataType.FLOAT32 ? a : a.toType(DataType.FLOAT32, false);
  }

  /** Native arrays held by the model and its live sequences (for leak checks). */
  public int liveArrayCount() {
    return root.getManagedArrays().size();
  }

  @Override
  public void close() {
    root.close();
  }

  @Override
  public String toString() {
    return "QwenModel["
        + config.architecture()
        + ", "
        + config.numHiddenLayers()
        + " layers, "
        + device
        + ", "
        + computeType
        + ", "
        + weightsManager.getManagedArrays().size()
        + " weights]";
  }
}
