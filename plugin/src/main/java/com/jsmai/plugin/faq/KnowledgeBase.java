package com.jsmai.plugin.faq;

import java.util.List;

/**
 * Searchable help articles (JSM's knowledge base, Confluence behind it). Implementations are
 * thread-safe and throw {@link KnowledgeBaseException} when the source cannot answer.
 */
public interface KnowledgeBase {

  /**
   * One article.
   *
   * @param title its title
   * @param excerpt a plain-text excerpt, possibly empty
   * @param url where a customer can read it, possibly null
   */
  record Article(String title, String excerpt, String url) {}

  /** Up to {@code limit} articles matching {@code query}, best first. */
  List<Article> search(String query, int limit);

  /** No articles at all: for desks without a knowledge base. */
  KnowledgeBase NONE = (query, limit) -> List.of();

  class KnowledgeBaseException extends RuntimeException {
    public KnowledgeBaseException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
