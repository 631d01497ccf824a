package com.jsmai.plugin.testing;

import com.jsmai.plugin.llm.ChatMessage;
import com.jsmai.plugin.llm.ChatModel;
import com.jsmai.plugin.llm.ChatRequest;
import com.jsmai.plugin.llm.ChatResponse;
import com.jsmai.plugin.llm.ModelUnavailableException;
import com.jsmai.plugin.llm.ToolCall;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * A {@link ChatModel} that plays back a script and records every request. Summary requests (their
 * system prompt starts like the summariser's) are answered by {@link #onSummary}; every other
 * request takes the next scripted step, or the default answer when the script is empty. A step can
 * be text, tool calls, or a failure to throw.
 *
 * <p>Thread-safe.
 */
public final class ScriptedChatModel implements ChatModel {
  private final Deque<Function<ChatRequest, ChatResponse>> script = new ArrayDeque<>();
  private final List<ChatRequest> requests = new ArrayList<>();
  private Function<ChatRequest, String> summary = r -> "Summary of the earlier conversation.";
  private Function<ChatRequest, String> fallback = r -> "Thank you, we are looking into it.";
  private int summaryCalls;
  private boolean down;

  public static ChatResponse text(String content) {
    return new ChatResponse(ChatMessage.assistant(content), "stop", 10, 5);
  }

  public synchronized ScriptedChatModel thenReply(String content) {
    script.add(r -> text(content));
    return this;
  }

  public synchronized ScriptedChatModel thenCall(String name, String argumentsJson) {
    script.add(
        r ->
            new ChatResponse(
                ChatMessage.assistantCalls(
                    null, List.of(new ToolCall("call_" + script.size(), name, argumentsJson))),
                "tool_calls",
                10,
                5));
    return this;
  }

  public synchronized ScriptedChatModel thenFail(RuntimeException e) {
    script.add(
        r -> {
          throw e;
        });
    return this;
  }

  public synchronized ScriptedChatModel onSummary(Function<ChatRequest, String> answer) {
    this.summary = answer;
    return this;
  }

  public synchronized ScriptedChatModel byDefault(Function<ChatRequest, String> answer) {
    this.fallback = answer;
    return this;
  }

  /** While down, every call throws {@link ModelUnavailableException}. */
  public synchronized void setDown(boolean isDown) {
    this.down = isDown;
  }

  @Override
  public ChatResponse complete(ChatRequest request) {
    Function<ChatRequest, ChatResponse> step;
    synchronized (this) {
      requests.add(request);
      if (down) throw new ModelUnavailableException("scripted model is down");
      if (isSummary(request)) {
        summaryCalls++;
        String s = summary.apply(request);
        return text(s);
      }
      step = script.isEmpty() ? r -> text(fallback.apply(r)) : script.poll();
    }
    return step.apply(request); // outside the lock, so a step may block (concurrency tests)
  }

  public static boolean isSummary(ChatRequest request) {
    ChatMessage first = request.messages().get(0);
    return first.role() == ChatMessage.Role.SYSTEM
        && first.content() != null
        && first.content().startsWith("You summarise the earlier part");
  }

  public synchronized List<ChatRequest> requests() {
    return List.copyOf(requests);
  }

  /** Requests for replies (not summaries). */
  public synchronized List<ChatRequest> replyRequests() {
    return requests.stream().filter(r -> !isSummary(r)).toList();
  }

  public synchronized int summaryCalls() {
    return summaryCalls;
  }

  /** Every text the model was shown, all requests, joined: for "never leaked" assertions. */
  public synchronized String everythingSent() {
    StringBuilder all = new StringBuilder();
    for (ChatRequest r : requests) {
      for (ChatMessage m : r.messages()) all.append(m.content()).append('\n');
    }
    return all.toString();
  }
}
