package com.jsmai.plugin.faq;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.plugin.metrics.PluginMetrics;
import com.jsmai.plugin.ratelimit.RedisServerProcess;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

class InstantAnswerCacheTest {
  private static final FaqEntry RETURNS =
      new FaqEntry(
          "returns",
          List.of("How do I return an item?", "怎么退货？"),
          "Open Orders, choose the item and press Return. Refunds take 5 days.");

  @Test
  void lookup_localOnly_hitAfterPutEntry_byNormalisedQuestion() {
    PluginMetrics metrics = new PluginMetrics();
    InstantAnswerCache cache =
        new InstantAnswerCache(InstantAnswerCache.Config.defaults(), null, metrics);
    cache.putEntry(RETURNS);

    assertThat(cache.lookup("hi, how do I RETURN an item? thanks"))
        .get()
        .extracting(InstantAnswerCache.CachedAnswer::entryId)
        .isEqualTo("returns");
    assertThat(cache.lookup("您好，怎么退货")).isPresent();
    assertThat(cache.lookup("Where is my order?")).isEmpty();
    assertThat(metrics.scrape())
        .contains("jsmai_faq_cache_lookups_total{layer=\"local\",result=\"hit\"} 2")
        .contains("jsmai_faq_cache_lookups_total{layer=\"local\",result=\"miss\"} 1");
  }

  @Test
  void lookup_redisShared_answerPutOnOneInstanceServesAnother() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start();
        JedisPooled a = redis.client();
        JedisPooled b = redis.client()) {
      InstantAnswerCache instanceA =
          new InstantAnswerCache(InstantAnswerCache.Config.defaults(), a, null);
      InstantAnswerCache instanceB =
          new InstantAnswerCache(InstantAnswerCache.Config.defaults(), b, null);

      instanceA.putEntry(RETURNS);

      assertThat(instanceB.lookup("How do I return an item"))
          .get()
          .extracting(InstantAnswerCache.CachedAnswer::answer)
          .asString()
          .startsWith("Open Orders");
      // Keys are hashes: customer text never appears in Redis key names.
      assertThat(a.keys("*")).allMatch(k -> k.matches("jsmai:faq:[0-9a-f]{64}"));
      assertThat(a.pttl(a.keys("*").iterator().next())).isPositive();

      instanceA.invalidate("how do i return an item");
      instanceB.clearLocal();
      assertThat(instanceB.lookup("How do I return an item")).isEmpty();
    }
  }

  @Test
  void lookup_redisDown_missInsteadOfError() throws Exception {
    JedisPooled client;
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      client = redis.client();
    }
    InstantAnswerCache cache =
        new InstantAnswerCache(InstantAnswerCache.Config.defaults(), client, null);

    cache.putEntry(RETURNS); // Redis write fails quietly; the local layer still has it

    assertThat(cache.lookup("How do I return an item?")).isPresent();
    assertThat(cache.lookup("unknown question")).isEmpty();
    client.close();
  }
}
