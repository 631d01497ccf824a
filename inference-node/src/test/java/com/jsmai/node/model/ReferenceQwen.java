package com.jsmai.node.model;

import com.jsmai.node.checkpoint.Checkpoint;
import com.jsmai.node.checkpoint.ModelConfig;
import java.nio.file.Path;

/**
 * An independent, deliberately naive forward pass over plain float arrays (no DJL, no cache, no
 * fusion), written from HF {@code modeling_qwen2.py} / {@code modeling_qwen3.py}: HF weight layout
 * {@code [out, in]}, explicit {@code repeat_kv} head mapping, {@code rotate_half} with pairs (i, i
 * + hd/2), causal softmax per query. The oracle the DJL path is compared against.
 */
final class ReferenceQwen {
  private final ModelConfig c;
  private final float[] embed; // [V, H]
  private final float[] lmHead; // [V, H]
  private final float[] finalNorm; // [H]
  private final Layer[] layers;

  private record Layer(
      float[] inNorm, // [H]
      float[] wq, // [Q, H]
      float[] wk, // [K, H]
      float[] wv, // [K, H]
      float[] bq, // [Q] or null
      float[] bk,
      float[] bv,
      float[] qNorm, // [hd] or null
      float[] kNorm,
      float[] wo, // [H, Q]
      float[] postNorm, // [H]
      float[] wGate, // [I, H]
      float[] wUp, // [I, H]
      float[] wDown) {} // [H, I]

  ReferenceQwen(Path dir) {
    Checkpoint ck = Checkpoint.open(dir);
    c = ck.config();
    long h = c.hiddenSize();
    long v = c.vocabSize();
    long q = c.qDim();
    long kv = c.kvDim();
    long in = c.intermediateSize();
    embed = ck.readFloats("model.embed_tokens.weight", v, h);
    lmHead = c.tieWordEmbeddings() ? embed : ck.readFloats("lm_head.weight", v, h);
    finalNorm = ck.readFloats("model.norm.weight", h);
    layers = new Layer[c.numHiddenLayers()];
    for (int i = 0; i < layers.length; i++) {
      String p = "model.layers." + i + ".";
      boolean b = c.attentionBias();
      boolean n = c.qkNorm();
      layers[i] =
          new Layer(
              ck.readFloats(p + "input_layernorm.weight", h),
              ck.readFloats(p + "self_attn.q_proj.weight", q, h),
              ck.readFloats(p + "self_attn.k_proj.weight", kv, h),
              ck.readFloats(p + "self_attn.v_proj.weight", kv, h),
              b ? ck.readFloats(p + "self_attn.q_proj.bias", q) : null,
              b ? ck.readFloats(p + "self_attn.k_proj.bias", kv) : null,
              b ? ck.readFloats(p + "self_attn.v_proj.bias", kv) : null,
              n ? ck.readFloats(p + "self_attn.q_norm.weight", c.headDim()) : null,
              n ? ck.readFloats(p + "self_attn.k_norm.weight", c.headDim()) : null,
              ck.readFloats(p + "self_attn.o_proj.weight", h, q),
              ck.readFloats(p + "post_attention_layernorm.weight", h),
              ck.readFloats(p + "mlp.gate_proj.weight", in, h),
              ck.readFloats(p + "mlp.up_proj.weight", in, h),
              ck.readFloats(p + "mlp.down_proj.weight", h, in));
    }
  }

  /** Logits {@code [V]} of the last token of {@code tokens}, recomputed from scratch. */
  float[] lastLogits(int[] tokens) {
    int t = tokens.length;
    int h = c.hiddenSize();
    float[][] x = new float[t][];
    for (int i = 0; i < t; i++) {
      x[i] = new float[h];
      System.arraycopy(embed, tokens[i] * h, x[i], 0, h);
    }
    for (Layer layer : layers) {
      x = layer(layer, x);
    }
    float[] last = rmsNorm(x[t - 1], finalNorm);
    float[] logits = new float[c.vocabSize()];
    for (int r = 0; r < logits.length; r++) {
      double s = 0;
      for (int j = 0; j < h; j++) {
        s += (double) lmHead[r * h + j] * last[j];
      }
      logits[r] = (float) s;
    }
    return logits;
  }

  private float[][] layer(Layer w, float[][] x) {
    int t = x.length;
    int nH = c.numAttentionHeads();
    int nKv = c.numKeyValueHeads();
    int hd = c.headDim();
    int g = nH / nKv;
    float[][][] q = new float[t][][]; // [T][nH][hd]
    float[][][] k = new float[t][][]; // [T][nKV][hd]
    float[][][] v = new float[t][][];
    for (int i = 0; i < t; i++) {
      float[] hn = rmsNorm(x[i], w.inNorm());
      q[i] = heads(linear(w.wq(), w.bq(), hn), nH, hd);
      k[i] = heads(linear(w.wk(), w.bk(), hn), nKv, hd);
      v[i] = heads(linear(w.wv(), w.bv(), hn), nKv, hd);
      for (int a = 0; a < nH; a++) {
        if (w.qNorm() != null) {
          q[i][a] = rmsNorm(q[i][a], w.qNorm());
        }
        q[i][a] = rope(q[i][a], i);
      }
      for (int a = 0; a < nKv; a++) {
        if (w.kNorm() != null) {
          k[i][a] = rmsNorm(k[i][a], w.kNorm());
        }
        k[i][a] = rope(k[i][a], i);
      }
    }
    float[][] out = new float[t][];
    double scale = 1.0 / Math.sqrt(hd);
    for (int i = 0; i < t; i++) {
      float[] attn = new float[nH * hd];
      for (int a = 0; a < nH; a++) {
        int kvHead = a / g; // repeat_kv: kv head j serves query heads j*g .. j*g+g-1
        double[] scores = new double[i + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j <= i; j++) {
          double s = 0;
          for (int d = 0; d < hd; d++) {
            s += (double) q[i][a][d] * k[j][kvHead][d];
          }
          scores[j] = s * scale;
          max = Math.max(max, scores[j]);
        }
        double sum = 0;
        for (int j = 0; j <= i; j++) {
          scores[j] = Math.exp(scores[j] - max);
          sum += scores[j];
        }
        for (int d = 0; d < hd; d++) {
          double acc = 0;
          for (int j = 0; j <= i; j++) {
            acc += scores[j] / sum * v[j][kvHead][d];
          }
          attn[a * hd + d] = (float) acc;
        }
      }
      float[] o = linear(w.wo(), null, attn);
      float[] res = new float[x[i].length];
      for (int d = 0; d < res.length; d++) {
        res[d] = x[i][d] + o[d];
      }
      float[] hn = rmsNorm(res, w.postNorm());
      float[] gate = linear(w.wGate(), null, hn);
      float[] up = linear(w.wUp(), null, hn);
      float[] act = new float[gate.length];
      for (int d = 0; d < act.length; d++) {
        double s = gate[d] / (1 + Math.exp(-gate[d]));
        act[d] = (float) (s * up[d]);
      }
      float[] down = linear(w.wDown(), null, act);
      for (int d = 0; d < res.length; d++) {
        res[d] += down[d];
      }
      out[i] = res;
    }
    return out;
  }

  /** rotate_half RoPE on one head vector at position pos. */
  private float[] rope(float[] x, int pos) {
    int hd = x.length;
    int half = hd / 2;
    float[] out = new float[hd];
    for (int i = 0; i < half; i++) {
      double invFreq = 1.0 / Math.pow(c.ropeTheta(), (2.0 * i) / hd);
      double angle = pos * invFreq;
      double cos = Math.cos(angle);
      double sin = Math.sin(angle);
      // rotate_half(x) = cat(-x2, x1)
      out[i] = (float) (x[i] * cos - x[i + half] * sin);
      out[i + half] = (float) (x[i + half] * cos + x[i] * sin);
    }
    return out;
  }

  private float[] rmsNorm(float[] x, float[] weight) {
    double ss = 0;
    for (float f : x) {
      ss += (double) f * f;
    }
    double inv = 1.0 / Math.sqrt(ss / x.length + c.rmsNormEps());
    float[] out = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = (float) (weight[i] * (x[i] * inv));
    }
    return out;
  }

  /** y = W·x + b for HF layout W [out, in]. */
  private static float[] linear(float[] w, float[] bias, float[] x) {
    int in = x.length;
    int out = w.length / in;
    float[] y = new float[out];
    for (int r = 0; r < out; r++) {
      double s = bias == null ? 0 : bias[r];
      for (int j = 0; j < in; j++) {
        s += (double) w[r * in + j] * x[j];
      }
      y[r] = (float) s;
    }
    return y;
  }

  private static float[][] heads(float[] flat, int heads, int hd) {
    float[][] out = new float[heads][hd];
    for (int a = 0; a < heads; a++) {
      System.arraycopy(flat, a * hd, out[a], 0, hd);
    }
    return out;
  }
}
