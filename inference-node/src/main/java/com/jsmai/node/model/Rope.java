package com.jsmai.node.model;

import com.jsmai.node.checkpoint.ModelConfig;
import com.jsmai.node.checkpoint.RopeScaling;

/**
 * Rotary position embedding tables as HF {@code modeling_rope_utils} computes them, in FP32.
 *
 * <p>Non-interleaved ("rotate_half") layout: the pair rotated together is (i, i + hd/2), not (2i,
 * 2i+1) as in GGUF / llama2.c. {@code inv_freq[i] = theta^(-2i/hd)}; YaRN blends interpolated and
 * extrapolated frequencies with a linear ramp over the correction range and scales cos/sin by the
 * attention factor.
 */
public final class Rope {
  private final int headDim;
  private final float[] invFreq; // [hd/2]
  private final float attentionScaling;

  public Rope(ModelConfig config) {
    this.headDim = config.headDim();
    double base = config.ropeTheta();
    int half = headDim / 2;
    float[] plain = new float[half];
    for (int i = 0; i < half; i++) {
      // HF: 1 / base ** (arange(0, dim, 2).float() / dim), computed in float32.
      float exponent = (float) (2 * i) / headDim;
      plain[i] = (float) (1.0 / Math.pow(base, exponent));
    }
    RopeScaling s = config.ropeScaling();
    if (s.isYarn()) {
      invFreq = yarn(plain, s, base, headDim);
      attentionScaling =
          s.attentionFactor() != null
              ? s.attentionFactor().floatValue()
              : (float) (s.factor() <= 1 ? 1.0 : 0.1 * Math.log(s.factor()) + 1.0);
    } else {
      invFreq = plain;
      attentionScaling = 1f;
    }
  }

  private static float[] yarn(float[] extrapolation, RopeScaling s, double base, int dim) {
    double low = correctionDim(s.betaFast(), dim, base, s.originalMaxPositionEmbeddings());
    double high = correctionDim(s.betaSlow(), dim, base, s.originalMaxPositionEmbeddings());
    if (s.truncate()) {
      low = Math.floor(low);
      high = Math.ceil(high);
    }
    low = Math.max(low, 0);
    high = Math.min(high, dim - 1);
    if (low == high) {
      high += 0.001;
    }
    float[] out = new float[extrapolation.length];
    for (int i = 0; i < out.length; i++) {
      float ramp = (float) Math.min(1, Math.max(0, (i - low) / (high - low)));
      float extrapolationFactor = 1 - ramp;
      float interpolation = (float) (extrapolation[i] / s.factor());
      out[i] = interpolation * (1 - extrapolationFactor) + extrapolation[i] * extrapolationFactor;
    }
    return out;
  }

  private static double correctionDim(double rotations, int dim, double base, int maxPos) {
    return (dim * Math.log(maxPos / (rotations * 2 * Math.PI))) / (2 * Math.log(base));
  }

  public int headDim() {
    return headDim;
  }

  /** cos/sin scale (YaRN attention factor; 1 otherwise). */
  public float attentionScaling() {
    return attentionScaling;
  }

  /**
   * Fills {@code cos} and {@code sin}, each {@code [positions.length, hd]} row-major, with {@code
   * emb = cat(freqs, freqs)} for each position, exactly as HF (float32 products).
   */
  public void fill(int[] positions, float[] cos, float[] sin) {
    int half = headDim / 2;
    for (int r = 0; r < positions.length; r++) {
      float pos = positions[r];
      int base = r * headDim;
      for (int i = 0; i < half; i++) {
        float f = pos * invFreq[i];
        float c = (float) Math.cos(f) * attentionScaling;
        float sn = (float) Math.sin(f) * attentionScaling;
        cos[base + i] = c;
        cos[base + half + i] = c;
        sin[base + i] = sn;
        sin[base + half + i] = sn;
      }
    }
  }
}
