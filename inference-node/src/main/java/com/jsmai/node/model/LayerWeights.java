package com.jsmai.node.model;

import ai.djl.ndarray.NDArray;

/**
 * Immutable weights of one decoder layer, fused and pre-transposed at load so each projection is
 * one {@code x.matMul(W)}. Shapes use H = hidden, I = intermediate, hd = head_dim, Q = nH·hd, K =
 * nKV·hd. Matrices are in the compute type (FP32 on CPU, FP16 on GPU); norms always FP32.
 */
record LayerWeights(
    NDArray inputLayernorm, // [H] fp32
    NDArray qkvProj, // [H, Q + 2K]  = cat(q_proj, k_proj, v_proj)ᵀ
    NDArray qkvBias, // [Q + 2K] or null (Qwen2 only)
    NDArray qNorm, // [hd] fp32 or null (Qwen3 only)
    NDArray kNorm, // [hd] fp32 or null (Qwen3 only)
    NDArray oProj, // [Q, H] = o_projᵀ
    NDArray postAttentionLayernorm, // [H] fp32
    NDArray gateUpProj, // [H, 2I] = cat(gate_proj, up_proj)ᵀ
    NDArray downProj) {} // [I, H] = down_projᵀ
