package com.jsmai.plugin.faq;

import java.util.List;
import java.util.Objects;

/**
 * An admin-approved answer and the ways customers ask for it.
 *
 * @param id stable id, {@code [A-Za-z0-9._:-]{1,64}}
 * @param questions example phrasings, at least one; the fallback bot matches against each
 * @param answer the approved answer text
 */
public record FaqEntry(String id, List<String> questions, String answer) {
  public FaqEntry {
    Objects.requireNonNull(id, "id");
    if (!id.matches("[A-Za-z0-9._:-]{1,64}")) {
      throw new IllegalArgumentException("FAQ id must match [A-Za-z0-9._:-]{1,64}: " + id);
    }
    questions = List.copyOf(Objects.requireNonNull(questions, "questions"));
    if (questions.isEmpty() || questions.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("FAQ " + id + " needs non-blank questions: " + questions);
    }
    Objects.requireNonNull(answer, "answer");
    if (answer.isBlank()) throw new IllegalArgumentException("FAQ " + id + " has a blank answer");
  }
}
