package com.jsmai.plugin.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

// Against a real redis-server process; skipped when it is not installed.
class RedisRateLimiterTest {

  @Test
  void tryAcquire_twoInstancesShareOneBucket() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start();
        JedisPooled a = redis.client();
        JedisPooled b = redis.client()) {
      RateLimiter instanceA = new RedisRateLimiter(a, "test:rl:");
      RateLimiter instanceB = new RedisRateLimiter(b, "test:rl:");
      Limit limit = new Limit("customer_replies", 4, Duration.ofHours(1));

      int allowed = 0;
      for (int i = 0; i < 5; i++) {
        if (instanceA.tryAcquire("c-1", limit).allowed()) allowed++;
        if (instanceB.tryAcquire("c-1", limit).allowed()) allowed++;
      }
      Decision last = instanceB.tryAcquire("c-1", limit);

      assertThat(allowed).isEqualTo(4);
      assertThat(last.allowed()).isFalse();
      assertThat(last.retryAfter()).isGreaterThan(Duration.ofMinutes(10));
      assertThat(a.pttl("test:rl:customer_replies:c-1")).isPositive();
    }
  }

  @Test
  void tryAcquire_concurrentCallers_neverExceedCapacity() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start();
        JedisPooled client = redis.client()) {
      RateLimiter limiter = new RedisRateLimiter(client, "test:rl:");
      Limit limit = new Limit("desk_model_calls", 25, Duration.ofHours(1));
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Callable<Boolean>> calls = new ArrayList<>();
      for (int i = 0; i < 200; i++) calls.add(() -> limiter.tryAcquire("desk-1", limit).allowed());

      long allowed = 0;
      for (Future<Boolean> f : pool.invokeAll(calls)) if (f.get()) allowed++;
      pool.shutdown();

      assertThat(allowed).isEqualTo(25);
    }
  }

  @Test
  void tryAcquire_redisDown_fallsBackToLocalLimits() throws Exception {
    JedisPooled client;
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      client = redis.client();
    }
    RateLimiter limiter = new RedisRateLimiter(client, "test:rl:");
    Limit limit = new Limit("customer_replies", 2, Duration.ofHours(1));

    assertThat(limiter.tryAcquire("c-1", limit).allowed()).isTrue();
    assertThat(limiter.tryAcquire("c-1", limit).allowed()).isTrue();
    assertThat(limiter.tryAcquire("c-1", limit).allowed()).isFalse();
    client.close();
  }
}
