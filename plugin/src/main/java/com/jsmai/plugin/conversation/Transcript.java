package com.jsmai.plugin.conversation;

import com.jsmai.plugin.jira.Comment;
import com.jsmai.plugin.jira.Ticket;
import com.jsmai.plugin.jira.User;
import com.jsmai.plugin.llm.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A ticket thread as turns: the request (summary + description) first, then every comment, oldest
 * first. Customers' public comments become user messages; agents' public replies and the
 * assistant's own replies become assistant messages. Internal notes are kept here, marked, and
 * dropped by {@link #publicTurns()}: nothing built from that view can leak them.
 */
public final class Transcript {
  public static final String DESCRIPTION_ID = "description";

  private final List<Turn> turns;

  private Transcript(List<Turn> turns) {
    this.turns = List.copyOf(turns);
  }

  /**
   * @param isOwn recognises the assistant's own comments (author, recorded id, comment property)
   * @param footers every form the footer appended to AI replies can take ({@code
   *     ReplyPolicy.footerForms()}: the built-in default goes out in the customer's language);
   *     whichever ends an own comment is stripped back off, so the model does not copy it. A list
   *     on purpose: the one-footer overload this replaced let the panel strip only the English
   *     form.
   */
  public static Transcript of(
      Ticket ticket, List<Comment> comments, Predicate<Comment> isOwn, List<String> footers) {
    List<Turn> turns = new ArrayList<>();
    String request =
        (ticket.summary().isBlank() ? "" : ticket.summary().strip() + "\n\n")
            + ticket.description().strip();
    turns.add(
        new Turn(DESCRIPTION_ID, Turn.Speaker.CUSTOMER, request.strip(), true, ticket.created()));
    for (Comment c : comments) {
      Turn.Speaker speaker;
      String text = c.body();
      if (isOwn.test(c)) {
        speaker = Turn.Speaker.ASSISTANT;
        for (String footer : footers) text = stripFooter(text, footer);
      } else if (isCustomer(c.author())) {
        speaker = Turn.Speaker.CUSTOMER;
      } else {
        speaker = Turn.Speaker.AGENT;
      }
      turns.add(new Turn(c.id(), speaker, text, c.isPublic(), c.created()));
    }
    return new Transcript(turns);
  }

  static boolean isCustomer(User author) {
    return author != null && author.isCustomer();
  }

  static String stripFooter(String text, String footer) {
    if (footer == null || footer.isBlank()) return text;
    int at = text.lastIndexOf(footer.strip());
    return at < 0 ? text : text.substring(0, at).strip();
  }

  public List<Turn> all() {
    return turns;
  }

  /** Only what the customer can see: the view every customer-visible prompt is built from. */
  public List<Turn> publicTurns() {
    return turns.stream().filter(Turn::isPublic).toList();
  }

  /** The customer's public messages, oldest first. */
  public List<Turn> customerTurns() {
    return turns.stream()
        .filter(t -> t.isPublic() && t.speaker() == Turn.Speaker.CUSTOMER)
        .toList();
  }

  /**
   * Chat messages for these turns: customer to user, agent and assistant to assistant. Adjacent
   * turns of the same role are joined, so the model sees a clean alternation.
   */
  public static List<ChatMessage> toMessages(List<Turn> turns) {
    List<ChatMessage> out = new ArrayList<>();
    ChatMessage.Role lastRole = null;
    StringBuilder buffer = new StringBuilder();
    for (Turn t : turns) {
      if (t.text().isBlank()) continue;
      ChatMessage.Role role =
          t.speaker() == Turn.Speaker.CUSTOMER ? ChatMessage.Role.USER : ChatMessage.Role.ASSISTANT;
      if (role != lastRole && lastRole != null) {
        out.add(new ChatMessage(lastRole, buffer.toString(), List.of(), null));
        buffer.setLength(0);
      }
      if (buffer.length() > 0) buffer.append("\n\n");
      buffer.append(t.text().strip());
      lastRole = role;
    }
    if (lastRole != null) out.add(new ChatMessage(lastRole, buffer.toString(), List.of(), null));
    return out;
  }
}
