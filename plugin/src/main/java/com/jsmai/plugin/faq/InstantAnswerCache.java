package com.jsmai.plugin.faq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.jsmai.plugin.metrics.PluginMetrics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * Instant answers to frequent questions: normalised question ({@link QuestionNormalizer}) to an
 * approved answer. Two layers: a local Caffeine cache in every plugin instance and, when
 * configured, Redis shared by all of them (an answer approved on one instance serves on all). A
 * Redis failure is a miss, never an error: the ticket takes the normal path.
 *
 * <p>Only approved answers go in ({@link #put}); the reply pipeline looks up before it builds a
 * prompt. Thread-safe.
 */
public final class InstantAnswerCache {

  /**
   * @param maxLocalEntries Caffeine size bound, at least 1
   * @param ttl how long an answer stays valid in both layers, positive
   * @param redisPrefix Redis key prefix, for example {@code jsmai:faq:}
   */
  public record Config(long maxLocalEntries, Duration ttl, String redisPrefix) {
    public Config {
      if (maxLocalEntries < 1) {
        throw new IllegalArgumentException("maxLocalEntries < 1: " + maxLocalEntries);
      }
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || ttl.isZero())
        throw new IllegalArgumentException("ttl must be positive: " + ttl);
      redisPrefix = redisPrefix == null ? "jsmai:faq:" : redisPrefix;
    }

    public static Config defaults() {
      return new Config(10_000, Duration.ofDays(7), "jsmai:faq:");
    }
  }

  /**
   * An approved answer.
   *
   * @param answer the text to post
   * @param entryId the FAQ entry it came from (for audit and metrics)
   */
  public record CachedAnswer(String answer, String entryId) {
    public CachedAnswer {
      Objects.requireNonNull(answer, "answer");
      Objects.requireNonNull(entryId, "entryId");
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Config config;
  private final Cache<String, CachedAnswer> local;
  private final JedisPooled redis; // null when not configured
  private final PluginMetrics metrics; // null when not wired

  /**
   * @param redis a pooled Redis client, or null for a local-only cache
   * @param metrics where hits and misses are counted, or null
   */
  public InstantAnswerCache(Config config, JedisPooled redis, PluginMetrics metrics) {
    this.config = Objects.requireNonNull(config, "config");
    this.redis = redis;
    this.metrics = metrics;
    this.local =
        Caffeine.newBuilder()
            .maximumSize(config.maxLocalEntries())
            .expireAfterWrite(config.ttl())
            .build();
  }

  /** The approved answer for this question, if one is cached locally or in Redis. */
  public Optional<CachedAnswer> lookup(String question) {
    String key = QuestionNormalizer.normalize(question);
    if (key.isEmpty()) return Optional.empty();
    CachedAnswer hit = local.getIfPresent(key);
    count("local", hit != null);
    if (hit != null || redis == null) return Optional.ofNullable(hit);
    try {
      String json = redis.get(redisKey(key));
      count("redis", json != null);
      if (json == null) return Optional.empty();
      JsonNode node = JSON.readTree(json);
      CachedAnswer answer =
          new CachedAnswer(node.path("answer").asText(), node.path("entry").asText());
      local.put(key, answer);
      return Optional.of(answer);
    } catch (JedisException | java.io.IOException e) {
      // Redis down or a damaged value: behave as a miss; the normal pipeline answers.
      return Optional.empty();
    }
  }

  /** Caches an approved answer for this question in both layers. */
  public void put(String question, CachedAnswer answer) {
    String key = QuestionNormalizer.normalize(question);
    if (key.isEmpty())
      throw new IllegalArgumentException("question is empty after normalisation: " + question);
    local.put(key, answer);
    if (redis == null) return;
    ObjectNode node =
        JSON.createObjectNode().put("answer", answer.answer()).put("entry", answer.entryId());
    try {
      redis.set(redisKey(key), node.toString(), SetParams.setParams().px(config.ttl().toMillis()));
    } catch (JedisException e) {
      // Local layer still serves; the next put retries Redis.
    }
  }

  /** Caches every example question of an FAQ entry. */
  public void putEntry(FaqEntry entry) {
    for (String q : entry.questions()) put(q, new CachedAnswer(entry.answer(), entry.id()));
  }

  /** Forgets this question in both layers (an admin withdrew the answer). */
  public void invalidate(String question) {
    String key = QuestionNormalizer.normalize(question);
    local.invalidate(key);
    if (redis == null) return;
    try {
      redis.del(redisKey(key));
    } catch (JedisException e) {
      // The TTL removes it eventually; nothing else to do.
    }
  }

  /** Drops the local layer only (tests, or after a bulk change announced through Redis). */
  public void clearLocal() {
    local.invalidateAll();
  }

  private void count(String layer, boolean hit) {
    if (metrics != null) metrics.cacheLookup(layer, hit);
  }

  // Hash the normalised question: bounded key length, and no customer text in Redis key names.
  private String redisKey(String normalized) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
      return config.redisPrefix() + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
