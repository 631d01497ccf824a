package com.jsmai.plugin.tools;

import com.jsmai.plugin.llm.ChatMessage;
import com.jsmai.plugin.llm.ChatModel;
import com.jsmai.plugin.llm.ChatRequest;
import com.jsmai.plugin.llm.ChatResponse;
import com.jsmai.plugin.llm.ToolCall;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A chat model that plays back a script of turns, one per request, and keeps every request it was
 * sent so tests can check exactly what reached the model.
 */
public final class ScriptedChatModel implements ChatModel {
  private final Deque<Function<ChatRequest, ChatResponse>> turns;
  private final List<ChatRequest> requests = new ArrayList<>();

  @SafeVarargs
  public ScriptedChatModel(Function<ChatRequest, ChatResponse>... turns) {
    this.turns = new ArrayDeque<>(List.of(turns));
  }

  @Override
  public synchronized ChatResponse complete(ChatRequest request) {
    requests.add(request);
    Function<ChatRequest, ChatResponse> turn = turns.poll();
    if (turn == null)
      throw new IllegalStateException("script exhausted at request " + requests.size());
    return turn.apply(request);
  }

  public synchronized List<ChatRequest> requests() {
    return List.copyOf(requests);
  }

  /** Every text the model was shown, in every request: what a leak test searches. */
  public synchronized String everythingSent() {
    return requests.stream()
        .flatMap(r -> r.messages().stream())
        .map(m -> m.content() == null ? "" : m.content())
        .collect(Collectors.joining("\n"));
  }

  /** A turn that calls tools. */
  public static Function<ChatRequest, ChatResponse> calls(ToolCall... calls) {
    return request ->
        new ChatResponse(ChatMessage.assistantCalls(null, List.of(calls)), "tool_calls", 10, 5);
  }

  public static ToolCall call(String id, String name, String argumentsJson) {
    return new ToolCall(id, name, argumentsJson);
  }

  /** A turn that answers with fixed text. */
  public static Function<ChatRequest, ChatResponse> answer(String text) {
    return request -> new ChatResponse(ChatMessage.assistant(text), "stop", 10, 5);
  }

  /**
   * A turn that answers by repeating every tool result it was given: the worst case of a model that
   * was talked into leaking whatever the tools returned.
   */
  public static Function<ChatRequest, ChatResponse> echoToolResults() {
    return request -> {
      String echoed =
          request.messages().stream()
              .filter(m -> m.role() == ChatMessage.Role.TOOL)
              .map(ChatMessage::content)
              .collect(Collectors.joining("\n"));
      return new ChatResponse(
          ChatMessage.assistant("Here is everything: " + echoed), "stop", 10, 5);
    };
  }
}
