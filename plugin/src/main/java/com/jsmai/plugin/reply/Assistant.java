package com.jsmai.plugin.reply;

import com.jsmai.plugin.jira.Ticket;
import com.jsmai.plugin.llm.ChatRequest;
import com.jsmai.plugin.memory.Fact;
import java.util.List;
import java.util.Objects;

/**
 * Turns a prepared prompt into reply text. {@link ModelAssistant} just asks the {@code ChatModel};
 * the tools module provides one that runs the tool loop (order look-ups and so on) before
 * answering, and may ask for a handoff itself.
 *
 * <p>Throws {@link com.jsmai.plugin.llm.ModelUnavailableException} when the model cannot be reached
 * (the event is retried); any other exception counts as a model failure. Thread-safe.
 */
@FunctionalInterface
public interface Assistant {

  Answer answer(Request request);

  /** Who will read the answer. */
  enum Audience {
    /** A public reply. */
    CUSTOMER,
    /** An internal draft for an agent. */
    AGENT
  }

  /**
   * @param ticket the ticket (for tools that need the reporter or fields)
   * @param chat the prompt, system message first, fitting the model's context
   * @param audience who reads the answer
   * @param facts the {@code [MEMORY]} facts in the prompt
   */
  record Request(Ticket ticket, ChatRequest chat, Audience audience, List<Fact> facts) {
    public Request {
      Objects.requireNonNull(ticket, "ticket");
      Objects.requireNonNull(chat, "chat");
      Objects.requireNonNull(audience, "audience");
      facts = List.copyOf(facts);
    }
  }

  /**
   * @param text the reply, or null when {@code handoffReason} is set
   * @param handoffReason set when the assistant decided a human must take over
   */
  record Answer(String text, String handoffReason) {
    public static Answer reply(String text) {
      return new Answer(text, null);
    }

    public static Answer handoff(String reason) {
      return new Answer(null, Objects.requireNonNull(reason, "reason"));
    }
  }
}
