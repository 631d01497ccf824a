package com.jsmai.plugin.panel;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.plugin.llm.ChatMessage;
import com.jsmai.plugin.llm.ChatModel;
import com.jsmai.plugin.llm.ChatRequest;
import com.jsmai.plugin.llm.ChatResponse;
import com.jsmai.plugin.llm.ToolCall;
import com.jsmai.plugin.llm.ToolChoice;
import com.jsmai.plugin.llm.ToolSpec;
import com.jsmai.plugin.tools.CallResult;
import com.jsmai.plugin.tools.ToolCallRecord;
import com.jsmai.plugin.tools.ToolContext;
import com.jsmai.plugin.tools.ToolExecutor;
import com.jsmai.plugin.tools.ToolMessages;
import java.util.ArrayList;
import java.util.List;

/**
 * The tool loop of {@link com.jsmai.plugin.tools.ToolLoop}, but streaming: every model turn goes
 * through {@link ChatModel#stream}, so text reaches the agent (panel) or admin (playground) as it
 * is generated, and each tool call is reported as it starts and as soon as it has run. The tools,
 * their validation, ownership binding and address rules are those of the reply pipeline (the same
 * {@link ToolExecutor}); a named {@code tool_choice} in the base request (the desk's forced tool)
 * applies to the first step only, as in the pipeline's loop. Used for suggestions and the
 * playground, never for automatic replies (those go through the reply pipeline).
 */
public final class StreamingAgent {
  /** What the agent reports while it works. Called on the working thread. */
  public interface Listener {
    void onDelta(String text);

    /** A tool call is about to run (its result follows in {@link #onToolCall}). */
    default void onToolStart(ToolCall call) {}

    /** A tool call has run: what it returned, or why it was refused. */
    void onToolCall(ToolCallRecord call);

    /** A model turn finished (there may be more after tool calls). */
    default void onTurn(ChatResponse response) {}
  }

  /**
   * @param text the final answer
   * @param calls every tool call, in order
   * @param messages the whole conversation including tool turns and the final answer
   * @param promptTokens prompt tokens of the last turn as the server counted them
   * @param completionTokens generated tokens over all turns
   */
  public record Result(
      String text,
      List<ToolCallRecord> calls,
      List<ChatMessage> messages,
      int promptTokens,
      int completionTokens) {}

  private static final int MAX_STEPS = 4;
  private static final int MAX_RESULT_CHARS = 4000;
  private final ChatModel model;
  private final ToolExecutor tools;

  /**
   * @param tools runs tool calls; null for a model without tools
   */
  public StreamingAgent(ChatModel model, ToolExecutor tools) {
    this.model = model;
    this.tools = tools;
  }

  public Result run(ChatRequest base, ToolContext context, Listener listener) {
    List<ToolSpec> specs =
        tools == null ? List.of() : tools.registry().specsOfferedUnder(context.policy());
    List<ChatMessage> messages = new ArrayList<>(base.messages());
    if (!specs.isEmpty() && messages.get(0).role() == ChatMessage.Role.SYSTEM) {
      messages.set(
          0, ChatMessage.system(messages.get(0).content() + "\n\n" + ToolMessages.SYSTEM_NOTE));
    }
    List<ToolCallRecord> records = new ArrayList<>();
    int completion = 0;
    for (int step = 1; ; step++) {
      boolean last = step == MAX_STEPS;
      ToolChoice choice;
      if (specs.isEmpty() || last) choice = ToolChoice.NONE;
      else if (step == 1 && offered(base.toolChoice(), specs)) choice = base.toolChoice();
      else choice = ToolChoice.AUTO; // a forced first call must not force every later turn too
      ChatRequest request = base.withMessages(messages).withTools(last ? List.of() : specs, choice);
      ChatResponse response = model.stream(request, listener::onDelta);
      listener.onTurn(response);
      completion += response.completionTokens();
      messages.add(response.message());
      if (!response.hasToolCalls() || last || tools == null) {
        String text = response.message().content() == null ? "" : response.message().content();
        return new Result(text.strip(), records, messages, response.promptTokens(), completion);
      }
      for (ToolCall call : response.message().toolCalls()) {
        listener.onToolStart(call);
        CallResult result = tools.execute(call, context);
        records.add(result.record());
        listener.onToolCall(result.record());
        messages.add(
            ChatMessage.tool(
                call.id(), ToolMessages.content(call.name(), result.result(), MAX_RESULT_CHARS)));
      }
    }
  }

  /**
   * Whether {@code choice} names one of the offered tools (the desk's forced tool, as the reply
   * pipeline sends it); a name that is not offered falls back to {@code auto}.
   */
  private static boolean offered(ToolChoice choice, List<ToolSpec> specs) {
    return choice instanceof ToolChoice.Function f
        && specs.stream().anyMatch(s -> s.name().equals(f.name()));
  }

  /**
   * The {@code tool_start} event the panel and the playground stream when a call begins: {@code
   * {tool, arguments}}.
   */
  public static ObjectNode toolStartJson(ToolCall call) {
    return JsonNodeFactory.instance
        .objectNode()
        .put("tool", call.name())
        .put("arguments", call.argumentsJson());
  }

  /**
   * The {@code tool} event (and the entries of a draft's tool list) once a call has run: {@code
   * {tool, arguments, outcome, result, latencyMs}}.
   */
  public static ObjectNode toolJson(ToolCallRecord call) {
    return JsonNodeFactory.instance
        .objectNode()
        .put("tool", call.tool())
        .put("arguments", call.arguments())
        .put("outcome", call.outcome().name())
        .put("result", call.summary())
        .put("latencyMs", call.latency() == null ? 0 : call.latency().toMillis());
  }
}
