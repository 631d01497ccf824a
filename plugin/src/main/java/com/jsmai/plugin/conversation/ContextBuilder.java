package com.jsmai.plugin.conversation;

import com.jsmai.plugin.llm.ChatMessage;
import com.jsmai.plugin.llm.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Builds the messages of a reply prompt that always fit the model's context:
 *
 * <ol>
 *   <li>take the last {@code windowTurns} public turns;
 *   <li>while the system prompt plus those turns (plus room for a summary) exceed the budget, move
 *       the oldest turn out of the window; a single remaining turn that still does not fit is cut
 *       in the middle;
 *   <li>summarise everything outside the window ({@link Summarizer}, cached in the ticket state);
 *   <li>render the system prompt with the summary ({@code [MEMORY]} facts are in it regardless).
 * </ol>
 *
 * The budget is the model's context length (from the tokenizer endpoint, else configuration) minus
 * the reply's {@code max_tokens} and a safety margin, counted with {@link TokenCounter}.
 */
public final class ContextBuilder {
  private final TokenCounter counter;
  private final Summarizer summarizer;
  private final ContextConfig config;

  public ContextBuilder(TokenCounter counter, Summarizer summarizer, ContextConfig config) {
    this.counter = counter;
    this.summarizer = summarizer;
    this.config = config;
  }

  /**
   * The result.
   *
   * @param messages system prompt first, then the window as user/assistant messages
   * @param summary the summary used (possibly the cached one), or null when nothing was dropped
   * @param windowTurns the turns sent verbatim
   * @param promptTokens the counted size of {@code messages}
   */
  public record Context(
      List<ChatMessage> messages,
      TicketState.Summary summary,
      List<Turn> windowTurns,
      int promptTokens) {}

  /** The token limit for prompt plus answer. */
  public int contextLimit() {
    int limit = config.contextWindow();
    var reported = counter.maxModelLen();
    if (reported.isPresent()) limit = Math.min(limit, reported.getAsInt());
    return limit;
  }

  /**
   * @param visibleTurns public turns only, oldest first
   * @param systemPrompt renders the system prompt for a summary text (null for none)
   * @param cachedSummary the ticket's cached summary, or null
   */
  public Context build(
      List<Turn> visibleTurns,
      Function<String, String> systemPrompt,
      TicketState.Summary cachedSummary) {
    int limit = contextLimit();
    int budget = limit - config.replyTokens() - config.safetyMargin();
    int from = Math.max(0, visibleTurns.size() - config.windowTurns());
    List<Turn> window = new ArrayList<>(visibleTurns.subList(from, visibleTurns.size()));
    String bareSystem = systemPrompt.apply(null);
    int summaryRoom = config.summaryTokens() + 16;
    int windowTokens; // the count of messages(bareSystem, window) for the final window
    while (true) {
      boolean hasOlder = from > 0;
      windowTokens = counter.count(messages(bareSystem, window));
      int size = windowTokens + (hasOlder ? summaryRoom : 0);
      if (size <= budget) break;
      if (window.size() > 1) {
        window.remove(0);
        from++;
        continue;
      }
      // One turn left and still too big: keep its head and tail.
      Turn only = window.get(0);
      int over = size - budget;
      int target = Math.max(32, counter.count(only.text()) - over - 16);
      String clipped = clipMiddle(counter, only.text(), target);
      if (clipped.equals(only.text())) {
        throw new IllegalStateException(
            "the system prompt alone ("
                + counter.count(List.of(ChatMessage.system(bareSystem)))
                + " tokens) does not fit the budget of "
                + budget
                + " tokens");
      }
      window.set(0, new Turn(only.id(), only.speaker(), clipped, only.isPublic(), only.created()));
    }
    List<Turn> older = visibleTurns.subList(0, from);
    TicketState.Summary summary =
        older.isEmpty()
            ? null
            : summarizer.summarize(older, cachedSummary, config.summaryTokens(), budget);
    String system = systemPrompt.apply(summary == null ? null : summary.text());
    List<ChatMessage> messages = messages(system, window);
    // Without a summary the prompt is the one just counted: counting it again would cost a second
    // /tokenize round trip per reply for the same number.
    int tokens = system.equals(bareSystem) ? windowTokens : counter.count(messages);
    if (tokens > budget && summary != null) {
      // The model wrote a longer summary than asked: cut it rather than overflow.
      String shorter =
          clipMiddle(counter, summary.text(), Math.max(16, summary.text().length() / 4));
      messages = messages(systemPrompt.apply(shorter), window);
      tokens = counter.count(messages);
    }
    return new Context(messages, summary, List.copyOf(window), tokens);
  }

  private static List<ChatMessage> messages(String system, List<Turn> window) {
    List<ChatMessage> out = new ArrayList<>();
    out.add(ChatMessage.system(system));
    out.addAll(Transcript.toMessages(window));
    return out;
  }

  /** Cuts {@code text} to about {@code maxTokens}, keeping its start and end around a marker. */
  static String clipMiddle(TokenCounter counter, String text, int maxTokens) {
    if (counter.count(text) <= maxTokens) return text;
    int keep = text.length();
    String clipped = text;
    while (keep > 8 && counter.count(clipped) > maxTokens) {
      keep = keep * 3 / 4;
      int head = keep * 2 / 3;
      int tail = keep - head;
      clipped = text.substring(0, head) + "\n[...]\n" + text.substring(text.length() - tail);
    }
    return clipped;
  }
}
