package com.jsmai.plugin.tools;

import com.jsmai.plugin.llm.ChatMessage;
import com.jsmai.plugin.llm.ChatModel;
import com.jsmai.plugin.llm.ChatRequest;
import com.jsmai.plugin.llm.ChatResponse;
import com.jsmai.plugin.llm.ModelUnavailableException;
import com.jsmai.plugin.llm.ToolCall;
import com.jsmai.plugin.llm.ToolChoice;
import com.jsmai.plugin.llm.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The agent loop: model → tool calls → results → model again, until the model answers in text or
 * the step limit is reached.
 *
 * <p>Each turn's calls run concurrently through the {@link ToolExecutor}, which validates,
 * authorises, times out and records each one; their results go back as {@code tool} messages, in
 * the order of the calls, wrapped as data by {@link ToolMessages}. The loop offers only the tools
 * the ticket's policy allows, and adds {@link ToolMessages#SYSTEM_NOTE} to the system prompt.
 *
 * <p>Thread-safe: one instance serves every ticket.
 */
public final class ToolLoop {
  private final ChatModel model;
  private final ToolExecutor executor;
  private final LoopSettings settings;

  public ToolLoop(ChatModel model, ToolExecutor executor, LoopSettings settings) {
    this.model = Objects.requireNonNull(model, "model");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Runs the loop for one ticket.
   *
   * @param base the conversation so far (system prompt, ticket, thread) and sampling settings; its
   *     tools are replaced by the registry's, its tool choice applies to the first step only
   * @param context the ticket, reporter and policy every call runs under
   * @throws ModelUnavailableException when the model cannot be reached; calls already made stay
   *     recorded, and proposals already handed to the {@link ApprovalSink}
   */
  public LoopResult run(ChatRequest base, ToolContext context) {
    List<ToolSpec> tools = executor.registry().specsOfferedUnder(context.policy());
    List<ChatMessage> messages = withSystemNote(base.messages(), !tools.isEmpty());
    List<ToolCallRecord> records = new ArrayList<>();
    List<ProposedAction> proposals = new ArrayList<>();

    for (int step = 1; ; step++) {
      boolean last = step == settings.maxSteps();
      ToolChoice choice;
      if (tools.isEmpty() || last) choice = ToolChoice.NONE;
      else if (step == 1) choice = base.toolChoice();
      else choice = ToolChoice.AUTO; // a forced first call must not force every later turn too
      ChatRequest request = base.withMessages(messages).withTools(tools, choice);

      ChatResponse response = model.complete(request);
      ChatMessage reply = response.message();
      messages.add(reply);
      if (!response.hasToolCalls()) {
        return new LoopResult(
            reply, LoopResult.StopReason.ANSWERED, step, records, proposals, messages);
      }
      if (last) {
        return new LoopResult(
            reply, LoopResult.StopReason.MAX_STEPS, step, records, proposals, messages);
      }

      List<ToolCall> calls = reply.toolCalls();
      List<ToolCall> run = calls.subList(0, Math.min(calls.size(), settings.maxCallsPerStep()));
      List<CallResult> results = executor.executeAll(run, context);
      for (CallResult result : results) {
        records.add(result.record());
        result.proposed().ifPresent(proposals::add);
        messages.add(
            ChatMessage.tool(
                result.call().id(),
                ToolMessages.content(
                    result.call().name(), result.result(), settings.maxResultChars())));
      }
      // Every call id needs an answer, or the next request is malformed; extra calls are refused.
      for (ToolCall skipped : calls.subList(run.size(), calls.size())) {
        CallResult refused =
            executor.refuse(
                skipped,
                context,
                "not run: at most " + settings.maxCallsPerStep() + " calls per turn");
        records.add(refused.record());
        messages.add(
            ChatMessage.tool(
                skipped.id(),
                ToolMessages.content(skipped.name(), refused.result(), settings.maxResultChars())));
      }
    }
  }

  private static List<ChatMessage> withSystemNote(List<ChatMessage> messages, boolean hasTools) {
    List<ChatMessage> out = new ArrayList<>(messages);
    if (!hasTools) return out;
    if (!out.isEmpty() && out.get(0).role() == ChatMessage.Role.SYSTEM) {
      String prompt = out.get(0).content() == null ? "" : out.get(0).content();
      if (!prompt.contains(ToolMessages.SYSTEM_NOTE)) {
        out.set(
            0,
            ChatMessage.system(
                prompt.isEmpty()
                    ? ToolMessages.SYSTEM_NOTE
                    : prompt + "\n\n" + ToolMessages.SYSTEM_NOTE));
      }
    } else {
      out.add(0, ChatMessage.system(ToolMessages.SYSTEM_NOTE));
    }
    return out;
  }
}
