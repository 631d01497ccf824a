package com.jsmai.plugin.app.guard;

import com.jsmai.plugin.inbox.StageTimeline;
import com.jsmai.plugin.llm.ChatModel;
import com.jsmai.plugin.llm.ChatRequest;
import com.jsmai.plugin.llm.ChatResponse;
import com.jsmai.plugin.llm.ModelUnavailableException;
import com.jsmai.plugin.metrics.PluginMetrics;
import com.jsmai.plugin.ratelimit.ReplyRateLimits;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Wraps the chat model: every call is checked against the per-customer and per-desk model-call
 * limits, its prompt and response go to the audit log under the ticket being processed, and its
 * latency and outcome ({@code ok}, {@code unavailable}, {@code error}) to {@code
 * jsmai_model_latency_seconds}. Calls outside a ticket (none today) are audited under {@code -}.
 */
final class GuardedChatModel implements ChatModel {
  private final ChatModel delegate;
  private final ReplyRateLimits limits;
  private final PluginMetrics metrics;
  private final AuditTrail audit;

  GuardedChatModel(
      ChatModel delegate, ReplyRateLimits limits, PluginMetrics metrics, AuditTrail audit) {
    this.delegate = delegate;
    this.limits = limits;
    this.metrics = metrics;
    this.audit = audit;
  }

  @Override
  public ChatResponse complete(ChatRequest request) {
    return call(request, () -> delegate.complete(request));
  }

  @Override
  public ChatResponse stream(ChatRequest request, Consumer<String> onDelta) {
    return call(request, () -> delegate.stream(request, onDelta));
  }

  private ChatResponse call(ChatRequest request, Supplier<ChatResponse> run) {
    GuardContext ctx = GuardContext.current();
    String ticket = ctx == null ? "-" : ctx.ticketKey;
    if (limits != null && ctx != null && ctx.customerId != null) {
      ReplyRateLimits.Verdict v = limits.checkModelCall(ctx.customerId, ctx.deskId);
      if (!v.allowed()) {
        // The assistant decorator counts it and decides between queueing and a handoff.
        throw new RateLimitedException(v.decision().limit(), v.decision().retryAfter(), v.action());
      }
    }
    audit.prompt(ticket, request);
    long start = System.nanoTime();
    try {
      StageTimeline.mark("> model");
      ChatResponse response = run.get();
      StageTimeline.mark("< model");
      Duration latency = Duration.ofNanos(System.nanoTime() - start);
      metrics.modelCall(latency, "ok");
      audit.response(ticket, response, latency);
      return response;
    } catch (ModelUnavailableException e) {
      metrics.modelCall(Duration.ofNanos(System.nanoTime() - start), "unavailable");
      audit.decision(ticket, "model", "unavailable", e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      metrics.modelCall(Duration.ofNanos(System.nanoTime() - start), "error");
      audit.decision(
          ticket, "model", "error", e.getClass().getSimpleName() + ": " + e.getMessage());
      throw e;
    }
  }
}
