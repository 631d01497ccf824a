package com.jsmai.plugin.app.guard;

import com.jsmai.plugin.config.Secret;
import com.jsmai.plugin.faq.FallbackBot;
import com.jsmai.plugin.faq.InstantAnswerCache;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code faq} section: instant answers from the FAQ cache and the fallback bot.
 *
 * @param instantAnswers answer a cached question before calling the model; default true
 * @param entriesFile a JSON file of approved FAQ entries ({@code [{"id","questions","answer"}]})
 *     loaded at start; null for none (the admin screen adds entries at run time)
 * @param cacheTtl how long a cached answer stays valid; default 7 days
 * @param maxLocalEntries size bound of the in-process cache; default 10,000
 * @param redisUrl {@code redis://host:port} to share the cache between instances; null for local
 *     only. A secret: it may carry a password
 * @param fallbackBot answer by retrieval when the model is unavailable; default true (loads the two
 *     ONNX encoders at start, a few seconds)
 * @param threshold English similarity needed to answer; default 0.90
 * @param chineseThreshold Chinese similarity needed to answer; default 0.90
 * @param articleThreshold similarity needed to point to a knowledge-base article; default 0.80
 * @param searchKnowledgeBase also search JSM knowledge-base articles; default true
 */
public record FaqConfig(
    Boolean instantAnswers,
    Path entriesFile,
    Duration cacheTtl,
    Long maxLocalEntries,
    Secret redisUrl,
    Boolean fallbackBot,
    Double threshold,
    Double chineseThreshold,
    Double articleThreshold,
    Boolean searchKnowledgeBase) {
  public FaqConfig {
    instantAnswers = instantAnswers == null || instantAnswers;
    InstantAnswerCache.Config c = InstantAnswerCache.Config.defaults();
    cacheTtl = cacheTtl == null ? c.ttl() : cacheTtl;
    maxLocalEntries = maxLocalEntries == null ? c.maxLocalEntries() : maxLocalEntries;
    fallbackBot = fallbackBot == null || fallbackBot;
    FallbackBot.Config b = FallbackBot.Config.defaults();
    threshold = threshold == null ? b.threshold() : threshold;
    chineseThreshold = chineseThreshold == null ? b.chineseThreshold() : chineseThreshold;
    articleThreshold = articleThreshold == null ? b.articleThreshold() : articleThreshold;
    searchKnowledgeBase = searchKnowledgeBase == null || searchKnowledgeBase;
    try {
      // Built here from the locals (fields are assigned only after this body) to fail at load.
      new InstantAnswerCache.Config(maxLocalEntries, cacheTtl, "jsmai:faq:");
      new FallbackBot.Config(threshold, chineseThreshold, articleThreshold);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("faq: " + e.getMessage(), e);
    }
  }

  public static FaqConfig defaults() {
    return new FaqConfig(null, null, null, null, null, null, null, null, null, null);
  }

  InstantAnswerCache.Config cache() {
    return new InstantAnswerCache.Config(maxLocalEntries, cacheTtl, "jsmai:faq:");
  }

  FallbackBot.Config bot() {
    return new FallbackBot.Config(threshold, chineseThreshold, articleThreshold);
  }
}
