/**
 * The Qwen2/Qwen3/Llama forward pass on DJL: immutable weights (QwenModel), per-sequence state
 * (Sequence) and the KvCache interface.
 */
package com.jsmai.node.model;
