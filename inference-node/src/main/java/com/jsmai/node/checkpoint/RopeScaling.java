package com.jsmai.node.checkpoint;

/**
 * RoPE frequency settings. {@code type} is {@code default} or {@code yarn}; the YaRN fields follow
 * HF {@code _compute_yarn_parameters} (factor, original context, beta_fast, beta_slow, optional
 * attention factor, truncation of the correction range).
 */
public record RopeScaling(
    String type,
    double factor,
    int originalMaxPositionEmbeddings,
    double betaFast,
    double betaSlow,
    Double attentionFactor,
    boolean truncate) {
  public static final RopeScaling NONE = new RopeScaling("default", 1.0, 0, 32, 1, null, true);

  public RopeScaling {
    if (!type.equals("default") && !type.equals("yarn")) {
      throw new IllegalArgumentException(
          "unsupported rope type '" + type + "' (supported: default, yarn)");
    }
    if (type.equals("yarn") && !(factor >= 1.0)) {
      throw new IllegalArgumentException("yarn rope factor must be >= 1, got " + factor);
    }
  }

  public boolean isYarn() {
    return type.equals("yarn");
  }
}
