package com.jsmai.node.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Per-sequence attention keys and values for every layer, post-RoPE, as {@code [nKV, length, hd]}
 * per layer.
 *
 * <p>Protocol used by {@link QwenModel#forward}: for a chunk of T new tokens at position P = {@link
 * #length()}, the model calls {@link #reserve reserve(P + T)} once, then per layer {@link #write
 * write(layer, P, k, v)} followed by {@link #keys keys(layer, P + T, m)} / {@link #values}, and
 * finally {@link #commit commit(P + T)}. Nothing is visible to later forwards until the commit, so
 * a failed forward leaves the cache as it was.
 *
 * <p>The interface is shaped for the serving engine: an implementation may preallocate slots or
 * pages, and {@link #copyPrefixFrom} lets a new sequence start from the K/V of a shared prompt
 * prefix (then only the suffix is prefilled). Implementations are not thread-safe; one sequence is
 * driven by one thread at a time.
 */
public interface KvCache extends AutoCloseable {
  /** Committed tokens. */
  int length();

  /** Tokens that fit without reallocating. */
  int capacity();

  /** Makes room for {@code tokens} tokens in total; may reallocate (and copy) storage. */
  void reserve(int tokens);

  /**
   * Stores {@code k} and {@code v}, each {@code [nKV, T, hd]}, at positions {@code position ..
   * position+T-1} of {@code layer}; needs {@code position + T <= capacity()}.
   */
  void write(int layer, int position, NDArray k, NDArray v);

  /** A view {@code [nKV, length, hd]} of the keys of {@code layer}, attached to {@code manager}. */
  NDArray keys(int layer, int length, NDManager manager);

  /**
   * A view {@code [nKV, length, hd]} of the values of {@code layer}, attached to {@code manager}.
   */
  NDArray values(int layer, int length, NDManager manager);

  /** Publishes {@code length} tokens as committed ({@code length <= capacity()}). */
  void commit(int length);

  /** Forgets tokens past {@code length} (rollback); {@code length <= length()}. */
  void truncate(int length);

  /**
   * Replaces this cache's content by the first {@code tokens} tokens of {@code source} (same
   * model): the shared-prefix case. Afterwards {@code length() == tokens}.
   */
  void copyPrefixFrom(KvCache source, int tokens);

  /** Frees the native storage. */
  @Override
  void close();
}
