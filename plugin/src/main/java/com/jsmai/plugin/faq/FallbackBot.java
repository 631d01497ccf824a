package com.jsmai.plugin.faq;

import com.jsmai.plugin.conversation.Language;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Answers when the model is unavailable or times out: finds the FAQ entry whose example questions
 * are closest to the customer's question (sentence embeddings, cosine similarity) and answers with
 * its approved text only above a similarity threshold; below it, asks the knowledge base and points
 * to an article when one is close enough; otherwise hands off to a human.
 *
 * <p>Language: with a Chinese encoder configured, a question containing Chinese characters is
 * matched with it, anything else with the English encoder. Each index holds every entry, so a
 * Chinese question can still find an entry written in English and the other way round.
 *
 * <p>Thread-safe; {@link #reindex} swaps the index atomically while answers continue.
 */
public final class FallbackBot {

  /**
   * @param threshold minimum cosine similarity to answer from an FAQ entry with the English
   *     encoder, in (0, 1)
   * @param chineseThreshold the same for questions routed to the Chinese encoder, in (0, 1); its
   *     similarities run higher, and no Chinese FAQ benchmark is available to calibrate it
   * @param articleThreshold minimum similarity between the question and an article's title and
   *     excerpt to point to it, in (0, 1)
   */
  public record Config(double threshold, double chineseThreshold, double articleThreshold) {
    public Config {
      check("threshold", threshold);
      check("chineseThreshold", chineseThreshold);
      check("articleThreshold", articleThreshold);
    }

    private static void check(String name, double value) {
      if (!(value > 0 && value < 1)) {
        throw new IllegalArgumentException(name + " must be in (0, 1): " + value);
      }
    }

    /**
     * English 0.90, chosen on the banking77 development half (answered accuracy 95%); Chinese 0.90
     * as a starting point (see docs/faq-and-fallback.md); articles 0.80.
     */
    public static Config defaults() {
      return new Config(0.90, 0.90, 0.80);
    }
  }

  /**
   * The bot's answer.
   *
   * @param answered true when {@code text} may be sent; false means hand off
   * @param text the answer, or null on hand-off
   * @param source {@code faq:<id>}, {@code article:<title>}, or null
   * @param similarity the best similarity seen
   */
  public record Answer(boolean answered, String text, String source, double similarity) {
    static Answer handOff(double similarity) {
      return new Answer(false, null, null, similarity);
    }
  }

  private record Index(List<FaqEntry> entries, EmbeddingIndex english, EmbeddingIndex chinese) {}

  private final Config config;
  private final Embedder english;
  private final Embedder chinese;
  private final KnowledgeBase knowledgeBase;
  private final AtomicReference<Index> index = new AtomicReference<>();

  /**
   * @param english the encoder for non-Chinese questions
   * @param chinese the encoder for questions with Chinese characters, or null to use {@code
   *     english} for everything
   * @param knowledgeBase articles to fall back to, or {@link KnowledgeBase#NONE}
   */
  public FallbackBot(
      Config config,
      List<FaqEntry> entries,
      Embedder english,
      Embedder chinese,
      KnowledgeBase knowledgeBase) {
    this.config = Objects.requireNonNull(config, "config");
    this.english = Objects.requireNonNull(english, "english");
    this.chinese = chinese;
    this.knowledgeBase = Objects.requireNonNull(knowledgeBase, "knowledgeBase");
    reindex(entries);
  }

  /** Rebuilds the index from {@code entries} (after an admin edits the FAQ). */
  public void reindex(List<FaqEntry> entries) {
    List<String> texts = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    for (int e = 0; e < entries.size(); e++) {
      for (String q : entries.get(e).questions()) {
        texts.add(q);
        owners.add(e);
      }
    }
    EmbeddingIndex en = new EmbeddingIndex(english.embedAll(texts), owners);
    EmbeddingIndex zh = chinese == null ? en : new EmbeddingIndex(chinese.embedAll(texts), owners);
    index.set(new Index(List.copyOf(entries), en, zh));
  }

  public Answer answer(String question) {
    if (question == null || question.isBlank()) return Answer.handOff(0);
    Index idx = index.get();
    boolean useChinese = chinese != null && Language.hasHan(question);
    Embedder embedder = useChinese ? chinese : english;
    float[] q = embedder.embed(question);
    List<EmbeddingIndex.Hit> hits = (useChinese ? idx.chinese() : idx.english()).search(q, 1);
    double best = hits.isEmpty() ? 0 : hits.get(0).similarity();
    double threshold = useChinese ? config.chineseThreshold() : config.threshold();
    if (!hits.isEmpty() && best >= threshold) {
      FaqEntry e = idx.entries().get(hits.get(0).entry());
      return new Answer(true, e.answer(), "faq:" + e.id(), best);
    }
    return fromArticles(question, q, embedder, best);
  }

  /** The nearest FAQ entries and their similarity, for the admin screen and the benchmark. */
  public List<EmbeddingIndex.Hit> nearest(String question, int k) {
    Index idx = index.get();
    boolean useChinese = chinese != null && Language.hasHan(question);
    float[] q = (useChinese ? chinese : english).embed(question);
    return (useChinese ? idx.chinese() : idx.english()).search(q, k);
  }

  public List<FaqEntry> entries() {
    return index.get().entries();
  }

  private Answer fromArticles(String question, float[] q, Embedder embedder, double bestSoFar) {
    List<KnowledgeBase.Article> articles;
    try {
      articles = knowledgeBase.search(question, 3);
    } catch (KnowledgeBase.KnowledgeBaseException unavailable) {
      return Answer.handOff(bestSoFar);
    }
    KnowledgeBase.Article bestArticle = null;
    double bestArticleScore = 0;
    for (KnowledgeBase.Article a : articles) {
      double s = Embedder.dot(q, embedder.embed(a.title() + ". " + a.excerpt()));
      if (s > bestArticleScore) {
        bestArticleScore = s;
        bestArticle = a;
      }
    }
    if (bestArticle != null && bestArticleScore >= config.articleThreshold()) {
      String text =
          Language.hasHan(question)
              ? "这篇帮助文章可能有用：" + bestArticle.title() + link(bestArticle)
              : "This help article may answer your question: "
                  + bestArticle.title()
                  + link(bestArticle);
      return new Answer(true, text, "article:" + bestArticle.title(), bestArticleScore);
    }
    return Answer.handOff(Math.max(bestSoFar, bestArticleScore));
  }

  private static String link(KnowledgeBase.Article a) {
    return a.url() == null ? "" : " (" + a.url() + ")";
  }
}
