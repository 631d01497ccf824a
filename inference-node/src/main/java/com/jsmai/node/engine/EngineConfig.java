package com.jsmai.node.engine;

/**
 * Scheduler limits.
 *
 * @param maxRunning sequences decoded together in one batch
 * @param queueCapacity requests that may wait for admission; more are refused (HTTP 429)
 * @param kvCacheBytes KV-cache memory for running sequences and the prefix cache together; a
 *     request reserves {@code (prompt + max_tokens) × kvBytesPerToken} at admission
 * @param prefixCacheBytes at most this much of {@code kvCacheBytes} holds reusable prompt prefixes
 *     (0 switches prefix reuse off)
 * @param prefixBlockTokens granularity of prefix matching: reused prefixes are multiples of it
 * @param prefillChunkTokens prompt tokens processed per scheduler step across all new sequences, so
 *     a long prompt does not stall the running decodes for its whole prefill
 */
public record EngineConfig(
    int maxRunning,
    int queueCapacity,
    long kvCacheBytes,
    long prefixCacheBytes,
    int prefixBlockTokens,
    int prefillChunkTokens) {
  public EngineConfig {
    if (maxRunning < 1) {
      throw new IllegalArgumentException("maxRunning must be >= 1, got " + maxRunning);
    }
    if (queueCapacity < 0) {
      throw new IllegalArgumentException("queueCapacity must be >= 0, got " + queueCapacity);
    }
    if (kvCacheBytes < 1) {
      throw new IllegalArgumentException("kvCacheBytes must be >= 1, got " + kvCacheBytes);
    }
    if (prefixCacheBytes < 0 || prefixCacheBytes > kvCacheBytes) {
      throw new IllegalArgumentException(
          "prefixCacheBytes must be in 0.." + kvCacheBytes + ", got " + prefixCacheBytes);
    }
    if (prefixBlockTokens < 1) {
      throw new IllegalArgumentException(
          "prefixBlockTokens must be >= 1, got " + prefixBlockTokens);
    }
    if (prefillChunkTokens < 1) {
      throw new IllegalArgumentException(
          "prefillChunkTokens must be >= 1, got " + prefillChunkTokens);
    }
  }

  /** 16 running, 64 waiting, the given KV budget with a quarter for prefixes, blocks of 16. */
  public static EngineConfig defaults(long kvCacheBytes) {
    return new EngineConfig(16, 64, kvCacheBytes, kvCacheBytes / 4, 16, 512);
  }

  public EngineConfig withPrefixCacheBytes(long bytes) {
    return new EngineConfig(
        maxRunning, queueCapacity, kvCacheBytes, bytes, prefixBlockTokens, prefillChunkTokens);
  }

  public EngineConfig withMaxRunning(int n) {
    return new EngineConfig(
        n, queueCapacity, kvCacheBytes, prefixCacheBytes, prefixBlockTokens, prefillChunkTokens);
  }

  public EngineConfig withQueueCapacity(int n) {
    return new EngineConfig(
        maxRunning, n, kvCacheBytes, prefixCacheBytes, prefixBlockTokens, prefillChunkTokens);
  }
}
