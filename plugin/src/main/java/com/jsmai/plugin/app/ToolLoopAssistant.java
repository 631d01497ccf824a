package com.jsmai.plugin.app;

import com.jsmai.plugin.llm.ChatRequest;
import com.jsmai.plugin.llm.ToolChoice;
import com.jsmai.plugin.reply.Assistant;
import com.jsmai.plugin.reply.ModelAssistant;
import com.jsmai.plugin.tools.ApprovalSink;
import com.jsmai.plugin.tools.LoopResult;
import com.jsmai.plugin.tools.ToolContext;
import com.jsmai.plugin.tools.ToolLoop;
import com.jsmai.plugin.tools.ToolPolicy;
import com.jsmai.plugin.tools.ToolRegistry;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reply pipeline's {@link Assistant} backed by the tool loop: the model may look things up
 * (orders, the customer's other requests) before it answers.
 *
 * <p>The desk's reply mode decides what write tools do: a public reply ({@code auto} mode) may run
 * the allowed write tools; an internal draft ({@code suggest} mode) turns them into proposals for
 * an agent ({@link ApprovalSink}). A request type with a forced tool sends a named {@code
 * tool_choice} on the first step, so the model must call it (the inference node enforces the
 * schema).
 */
public final class ToolLoopAssistant implements Assistant {
  private static final Logger log = LoggerFactory.getLogger(ToolLoopAssistant.class);

  private final ToolLoop loop;
  private final ToolRegistry registry;
  private final AssistantConfig config;
  private final ApprovalSink approvals;
  private final Assistant withoutTools;
  private final Set<String> writeTools;

  public ToolLoopAssistant(
      ToolLoop loop,
      ToolRegistry registry,
      AssistantConfig config,
      ApprovalSink approvals,
      ModelAssistant withoutTools) {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.config = Objects.requireNonNull(config, "config");
    this.approvals = Objects.requireNonNull(approvals, "approvals");
    this.withoutTools = Objects.requireNonNull(withoutTools, "withoutTools");
    this.writeTools = new HashSet<>(config.writeTools());
    for (String forced : config.forcedTools().values()) {
      if (registry.find(forced).isEmpty()) {
        throw new IllegalArgumentException(
            "assistant.forcedTools names an unknown tool: "
                + forced
                + " (known: "
                + registry.names()
                + ")");
      }
    }
  }

  @Override
  public Answer answer(Request request) {
    if (request.ticket().reporter() == null) {
      // Tools bind every look-up to the reporter; without one, answer without tools.
      return withoutTools.answer(request);
    }
    ToolPolicy policy =
        request.audience() == Audience.CUSTOMER
            ? ToolPolicy.auto(writeTools)
            : ToolPolicy.suggest(writeTools);
    ChatRequest chat = request.chat();
    Optional<String> forced = config.forcedToolFor(request.ticket());
    if (forced.isPresent() && registry.find(forced.get()).map(policy::offers).orElse(false)) {
      chat = chat.withTools(chat.tools(), ToolChoice.function(forced.get()));
    }
    LoopResult result = loop.run(chat, new ToolContext(request.ticket(), policy, approvals));
    log.debug(
        "{}: tool loop {} after {} steps, {} calls, {} proposals",
        request.ticket().key(),
        result.stopReason(),
        result.steps(),
        result.calls().size(),
        result.proposals().size());
    if (result.stopReason() == LoopResult.StopReason.MAX_STEPS) {
      return Answer.handoff(
          "the assistant still wanted to call tools after " + result.steps() + " steps");
    }
    return result
        .answer()
        .map(Answer::reply)
        .orElseThrow(() -> new IllegalStateException("the model's final answer was empty"));
  }
}
