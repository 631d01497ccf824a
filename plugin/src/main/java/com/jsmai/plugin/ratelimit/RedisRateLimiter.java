package com.jsmai.plugin.ratelimit;

import java.time.Duration;
import java.util.List;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Token buckets in Redis, shared by every plugin instance. One Lua script reads, refills and takes
 * atomically, using the Redis server's clock (so instances with skewed clocks agree). When Redis
 * cannot be reached the limiter falls back to a {@link LocalRateLimiter}: limits still hold per
 * instance, and no ticket is refused because of an outage.
 */
public final class RedisRateLimiter implements RateLimiter {
  // KEYS[1] bucket; ARGV: capacity, refill per ms. Stores tokens and the last update (ms).
  private static final String SCRIPT =
      """
      local capacity = tonumber(ARGV[1])
      local rate = tonumber(ARGV[2])
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
      local tokens = tonumber(state[1])
      local ts = tonumber(state[2])
      if tokens == nil then tokens = capacity; ts = now end
      tokens = math.min(capacity, tokens + math.max(0, now - ts) * rate)
      local allowed = 0
      local wait = 0
      if tokens >= 1 then
        tokens = tokens - 1
        allowed = 1
      else
        wait = math.ceil((1 - tokens) / rate)
      end
      redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
      redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate) + 1000)
      return {allowed, wait}
      """;

  private final JedisPooled redis;
  private final String prefix;
  private final RateLimiter whenDown;

  /**
   * @param redis a pooled client (thread-safe)
   * @param prefix key prefix, for example {@code jsmai:rl:}
   */
  public RedisRateLimiter(JedisPooled redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
    this.whenDown = new LocalRateLimiter();
  }

  @Override
  public Decision tryAcquire(String key, Limit limit) {
    try {
      Object result =
          redis.eval(
              SCRIPT,
              List.of(prefix + limit.name() + ":" + key),
              List.of(Integer.toString(limit.capacity()), Double.toString(limit.refillPerMilli())));
      List<?> values = (List<?>) result;
      boolean allowed = ((Long) values.get(0)) == 1L;
      return allowed
          ? Decision.ALLOWED
          : Decision.refused(limit.name(), Duration.ofMillis((Long) values.get(1)));
    } catch (JedisException e) {
      return whenDown.tryAcquire(key, limit);
    }
  }
}
