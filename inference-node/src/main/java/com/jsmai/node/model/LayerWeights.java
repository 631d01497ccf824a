package com.jsmai.node.model;

import ai.djl.ndarray.NDArray;

/**
 * Immutable weights of one decoder layer, fused, pre-transposed and pre-scaled at load so each
 * projection is one {@code x.matMul(W)} on the unweighted RMS-normalised input. Shapes use H =
 * hidden, I = intermediate, hd = head_dim, Q = nH·hd, K = nKV·hd, s = 1/sqrt(hd). Matrices are in
 * the compute type (FP32 on CPU, FP16 on GPU); norms always FP32.
 */
record LayerWeights(
    NDArray qkvProj, // [H, Q + 2K] = diag(input_layernorm)·cat(q_proj·s', k_proj, v_proj)ᵀ
    NDArray qkvBias, // [Q + 2K] = cat(q_bias·s', k_bias, v_bias), or null (Qwen2 only)
    NDArray qkNorm, // [nH + nKV, hd] fp32: q_norm·s per q head, k_norm per k head; or null (Qwen3)
    NDArray oProj, // [Q, H] = o_projᵀ
    NDArray gateUpProj, // [H, 2I] = diag(post_attention_layernorm)·cat(gate_proj, up_proj)ᵀ
    NDArray downProj) {} // [I, H] = down_projᵀ
// s' = s without q/k norm (Qwen2, Llama); 1 with it (Qwen3: s is in qkNorm instead).
