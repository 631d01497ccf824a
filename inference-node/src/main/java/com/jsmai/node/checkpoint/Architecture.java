package com.jsmai.node.checkpoint;

/**
 * Decoder families this node runs, keyed by the {@code architectures[0]} of {@code config.json}.
 */
public enum Architecture {
  /** Qwen2 / Qwen2.5: q/k/v projections carry a bias (hard-coded in HF). */
  QWEN2("Qwen2ForCausalLM"),
  /** Qwen3: per-head RMSNorm on q and k before RoPE, explicit head_dim, no q/k/v bias. */
  QWEN3("Qwen3ForCausalLM"),
  /** Llama: no bias unless {@code attention_bias}, no q/k norm. */
  LLAMA("LlamaForCausalLM");

  private final String hfName;

  Architecture(String hfName) {
    this.hfName = hfName;
  }

  /** The class name HF writes into {@code config.json}. */
  public String hfName() {
    return hfName;
  }

  /** Looks up an HF class name; null when unsupported. */
  public static Architecture fromHfName(String name) {
    for (Architecture a : values()) {
      if (a.hfName.equals(name)) {
        return a;
      }
    }
    return null;
  }
}
