package com.jsmai.node.model;

/**
 * The per-sequence state of one generation: its {@link KvCache}. The token history and sampling
 * state belong to the caller (generator or serving engine). Create with {@link
 * QwenModel#newSequence}; close to free the cache. Not thread-safe.
 */
public final class Sequence implements AutoCloseable {
  private final long id;
  private final KvCache cache;

  Sequence(long id, KvCache cache) {
    this.id = id;
    this.cache = cache;
  }

  /** Unique within one model instance. */
  public long id() {
    return id;
  }

  public KvCache cache() {
    return cache;
  }

  /** Tokens already processed (the position of the next token). */
  public int length() {
    return cache.length();
  }

  @Override
  public void close() {
    cache.close();
  }

  @Override
  public String toString() {
    return "Sequence[" + id + ", length " + length() + "]";
  }
}
