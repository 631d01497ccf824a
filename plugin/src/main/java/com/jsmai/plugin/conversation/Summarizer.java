package com.jsmai.plugin.conversation;

import com.jsmai.plugin.llm.ChatMessage;
import com.jsmai.plugin.llm.ChatModel;
import com.jsmai.plugin.llm.ChatRequest;
import com.jsmai.plugin.llm.ChatResponse;
import com.jsmai.plugin.llm.TokenCounter;
import com.jsmai.plugin.llm.ToolChoice;
import java.util.ArrayList;
import java.util.List;

/**
 * Has the model summarise the turns that fell out of the window, reusing the cached summary:
 * unchanged coverage costs nothing, new turns extend the old summary incrementally, and input too
 * long for one call is folded in chunks. Only ever given public turns.
 *
 * <p>Thread-safe (stateless apart from its collaborators).
 */
public final class Summarizer {
  static final String SYSTEM =
      """
      You summarise the earlier part of a customer-support conversation for the assistant that \
      continues it. Write at most 120 words, in the language of the conversation. Keep every order \
      number, tracking number, email, amount and date exactly, what the customer asked, what was \
      answered or promised, and what is still open. Add nothing that is not in the text.""";

  private final ChatModel model;
  private final TokenCounter counter;

  public Summarizer(ChatModel model, TokenCounter counter) {
    this.model = model;
    this.counter = counter;
  }

  /**
   * The summary of {@code older} (public turns, oldest first).
   *
   * @param cached the ticket's cached summary, or null
   * @param inputBudget tokens one summary request may use, prompt and answer together
   * @return the cached value when it already covers exactly these turns, else a new one
   */
  public TicketState.Summary summarize(
      List<Turn> older, TicketState.Summary cached, int maxTokens, int inputBudget) {
    if (older.isEmpty()) return null;
    Turn last = older.get(older.size() - 1);
    if (cached != null
        && cached.upToTurnId().equals(last.id())
        && cached.turnsCovered() == older.size()) {
      return cached;
    }
    String previous = null;
    int start = 0;
    if (cached != null) {
      for (int i = 0; i < older.size(); i++) {
        if (older.get(i).id().equals(cached.upToTurnId()) && cached.turnsCovered() == i + 1) {
          previous = cached.text();
          start = i + 1;
          break;
        }
      }
    }
    int promptBudget = inputBudget - maxTokens;
    List<Turn> chunk = new ArrayList<>();
    for (int i = start; i < older.size(); i++) {
      Turn turn = clip(older.get(i), promptBudget / 2);
      List<Turn> trial = new ArrayList<>(chunk);
      trial.add(turn);
      if (!chunk.isEmpty()
          && counter.count(request(previous, trial, maxTokens).messages()) > promptBudget) {
        previous = call(previous, chunk, maxTokens);
        chunk.clear();
      }
      chunk.add(turn);
    }
    if (!chunk.isEmpty()) previous = call(previous, chunk, maxTokens);
    return new TicketState.Summary(previous, last.id(), older.size());
  }

  private String call(String previous, List<Turn> turns, int maxTokens) {
    ChatResponse response = model.complete(request(previous, turns, maxTokens));
    String text = response.message().content();
    return text == null || text.isBlank() ? (previous == null ? "" : previous) : text.strip();
  }

  static ChatRequest request(String previous, List<Turn> turns, int maxTokens) {
    StringBuilder user = new StringBuilder();
    if (previous != null && !previous.isBlank()) {
      user.append("Summary so far:\n").append(previous.strip()).append("\n\n");
    }
    user.append("Conversation to add:\n");
    for (Turn t : turns) {
      String who =
          switch (t.speaker()) {
            case CUSTOMER -> "Customer";
            case AGENT -> "Agent";
            case ASSISTANT -> "Assistant";
          };
      user.append(who).append(": ").append(t.text().strip()).append('\n');
    }
    return new ChatRequest(
        List.of(ChatMessage.system(SYSTEM), ChatMessage.user(user.toString().strip())),
        List.of(),
        ToolChoice.NONE,
        0.0,
        1.0,
        maxTokens,
        null,
        null);
  }

  /** Cuts a single huge turn to about {@code maxTokens}, keeping its start and end. */
  private Turn clip(Turn turn, int maxTokens) {
    String text = ContextBuilder.clipMiddle(counter, turn.text(), maxTokens);
    return text.equals(turn.text())
        ? turn
        : new Turn(turn.id(), turn.speaker(), text, turn.isPublic(), turn.created());
  }
}
