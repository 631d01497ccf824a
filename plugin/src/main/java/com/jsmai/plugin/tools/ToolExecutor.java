package com.jsmai.plugin.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.plugin.concurrent.DaemonThreads;
import com.jsmai.plugin.llm.ToolCall;
import com.jsmai.plugin.tools.ToolRegistry.RegisteredTool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tool calls: parse the arguments, validate them against the schema, authorise against the
 * desk's policy, execute with a timeout, scrub secrets, record. Every path ends in a {@link
 * ToolResult} for the model; nothing the model writes can make this throw.
 *
 * <p>Thread-safe; one instance serves every ticket. Several calls of one turn run concurrently on a
 * bounded pool of daemon threads. Close it to stop the pool.
 */
public final class ToolExecutor implements AutoCloseable {
  /* Maintainer notes.
   * Timeouts: the waiting thread gives up at the deadline and interrupts the worker; a tool that
   * ignores interrupts keeps its thread until it returns, which is why HTTP tools also carry their
   * own OkHttp call timeout. Exactly one record per call: whoever settles the Attempt first (the
   * worker with its result, or the waiter with "timeout") records it; the other result is dropped.
   */
  private static final Logger log = LoggerFactory.getLogger(ToolExecutor.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int QUEUE_PER_THREAD = 4;

  private final ToolRegistry registry;
  private final ToolCallRecorder recorder;
  private final Secrets secrets;
  private final Duration callTimeout;
  private final Clock clock;
  private final ThreadPoolExecutor pool;

  /**
   * @param registry the tools
   * @param recorder receives one record per call
   * @param secrets scrubs secret values from results and records
   * @param callTimeout the most one call may take, validation to result
   * @param maxThreads the most calls running at once across all tickets; up to four times as many
   *     wait in a queue (their wait counts against their timeout), more are refused as "busy"
   */
  public ToolExecutor(
      ToolRegistry registry,
      ToolCallRecorder recorder,
      Secrets secrets,
      Duration callTimeout,
      int maxThreads,
      Clock clock) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("callTimeout must be positive: " + callTimeout);
    }
    if (maxThreads < 1) throw new IllegalArgumentException("maxThreads < 1: " + maxThreads);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pool =
        new ThreadPoolExecutor(
            maxThreads,
            maxThreads,
            30,
            TimeUnit.SECONDS,
            // A short queue: a call arriving while every worker is just finishing waits a moment
            // instead of being refused; only a backlog beyond it is refused as "busy". Time spent
            // queued counts against the call's timeout.
            new ArrayBlockingQueue<>(QUEUE_PER_THREAD * maxThreads),
            DaemonThreads.numbered("tool-call"));
    this.pool.allowCoreThreadTimeOut(true);
  }

  public ToolRegistry registry() {
    return registry;
  }

  /** Runs one call and waits for it (at most the call timeout). */
  public CallResult execute(ToolCall call, ToolContext context) {
    return executeAll(List.of(call), context).get(0);
  }

  /**
   * Runs {@code calls} concurrently and returns their results in the same order. Each call gets the
   * full call timeout, counted from when they are all submitted.
   */
  public List<CallResult> executeAll(List<ToolCall> calls, ToolContext context) {
    List<Attempt> attempts = new ArrayList<>();
    for (ToolCall call : calls) {
      Attempt attempt = new Attempt(call, context, clock.instant(), System.nanoTime());
      attempts.add(attempt);
      try {
        attempt.future = pool.submit(() -> attempt.settle(runChecked(call, context, false)));
      } catch (RejectedExecutionException e) {
        attempt.settle(
            new Settled(
                ToolResult.failed(Outcome.ERROR, "the assistant is busy; try this tool later"),
                null,
                "refused: all " + pool.getMaximumPoolSize() + " tool threads and the queue busy"));
      }
    }
    long deadline = System.nanoTime() + callTimeout.toNanos();
    List<CallResult> results = new ArrayList<>();
    for (Attempt attempt : attempts) results.add(attempt.await(deadline));
    return results;
  }

  /**
   * Executes a write an agent approved in {@code suggest} mode. The arguments are validated again
   * (the tool's schema may have changed since) and the desk's policy must still allow the tool.
   *
   * @param context the ticket's context now; its policy decides, {@code SUGGEST} counts as allowed
   */
  public CallResult executeApproved(ProposedAction action, ToolContext context) {
    if (!action.ticketKey().equals(context.ticketKey())) {
      throw new IllegalArgumentException(
          "proposal "
              + action.id()
              + " is for "
              + action.ticketKey()
              + ", not "
              + context.ticketKey());
    }
    ToolCall call = new ToolCall(action.toolCallId(), action.tool(), action.arguments().toString());
    Attempt attempt = new Attempt(call, context, clock.instant(), System.nanoTime());
    try {
      attempt.future = pool.submit(() -> attempt.settle(runChecked(call, context, true)));
    } catch (RejectedExecutionException e) {
      attempt.settle(
          new Settled(
              ToolResult.failed(Outcome.ERROR, "busy"), null, "refused: all tool threads busy"));
    }
    return attempt.await(System.nanoTime() + callTimeout.toNanos());
  }

  /**
   * Records a call that is not run at all (over the per-turn limit), with an error for the model.
   */
  CallResult refuse(ToolCall call, ToolContext context, String messageForModel) {
    Attempt attempt = new Attempt(call, context, clock.instant(), System.nanoTime());
    return attempt.settle(fail(Outcome.ERROR, messageForModel));
  }

  private Settled runChecked(ToolCall call, ToolContext context, boolean approved) {
    try {
      return run(call, context, approved);
    } catch (RuntimeException e) {
      log.warn("tool {} failed: {}", call.name(), secrets.redact(String.valueOf(e)));
      return new Settled(ToolResult.failed(Outcome.ERROR, "the tool failed"), null, "error: " + e);
    }
  }

  private Settled run(ToolCall call, ToolContext context, boolean approved) {
    RegisteredTool registered = registry.lookup(call.name()).orElse(null);
    if (registered == null) {
      return fail(
          Outcome.UNKNOWN_TOOL,
          "there is no tool named \""
              + clipName(call.name())
              + "\"; available: "
              + registry.names());
    }
    Tool tool = registered.tool();

    JsonNode arguments;
    try {
      arguments = parseArguments(call.argumentsJson());
    } catch (JsonProcessingException e) {
      return fail(
          Outcome.INVALID_ARGUMENTS,
          "the arguments are not valid JSON ("
              + e.getOriginalMessage()
              + "); call the tool again with a JSON object");
    }
    if (!arguments.isObject()) {
      return fail(Outcome.INVALID_ARGUMENTS, "the arguments must be a JSON object");
    }
    List<String> problems = registered.validator().problems(arguments);
    if (!problems.isEmpty()) {
      return fail(
          Outcome.INVALID_ARGUMENTS,
          "the arguments do not match the tool's schema: " + String.join("; ", problems));
    }

    ToolPolicy.Decision decision = context.policy().decide(tool);
    if (decision == ToolPolicy.Decision.REFUSE) {
      return fail(
          Outcome.UNAUTHORISED,
          "this service desk does not allow the assistant to use "
              + tool.name()
              + "; do not promise it, an agent will decide");
    }
    if (decision == ToolPolicy.Decision.PROPOSE && !approved) {
      ProposedAction action =
          new ProposedAction(
              UUID.randomUUID().toString(),
              context.ticketKey(),
              call.id(),
              tool.name(),
              arguments,
              clock.instant());
      context.approvals().propose(action);
      return new Settled(
          ToolResult.failed(
              Outcome.PROPOSED,
              "proposed to a human agent for approval; it has NOT been done yet, so do not tell"
                  + " the customer it is done"),
          action,
          "proposed " + action.id());
    }

    ToolResult result;
    try {
      result = tool.execute(arguments, context);
      Objects.requireNonNull(result, "tool " + tool.name() + " returned no result");
    } catch (ToolException e) {
      String summary =
          e.detail() == null ? e.getMessage() : e.getMessage() + " [" + e.detail() + "]";
      return new Settled(ToolResult.failed(e.outcome(), e.getMessage()), null, summary);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail(Outcome.TIMEOUT, "the tool did not answer in time");
    } catch (Exception e) {
      log.warn("tool {} failed: {}", tool.name(), secrets.redact(String.valueOf(e)));
      return new Settled(
          ToolResult.failed(Outcome.ERROR, "the tool failed; do not retry it for this ticket"),
          null,
          "error: " + e);
    }
    if (result.isOk()) {
      JsonNode scrubbed = secrets.redact(result.data());
      return new Settled(ToolResult.ok(scrubbed), null, scrubbed.toString());
    }
    return new Settled(result, null, result.message());
  }

  /**
   * The arguments as JSON. Some models double-encode them (a JSON string holding the object); one
   * level of that is unwrapped.
   */
  static JsonNode parseArguments(String text) throws JsonProcessingException {
    String trimmed = text.isBlank() ? "{}" : text;
    JsonNode node = JSON.readTree(trimmed);
    if (node == null || node.isMissingNode()) return JSON.createObjectNode();
    if (node.isTextual() && node.textValue().trim().startsWith("{")) {
      return JSON.readTree(node.textValue());
    }
    return node;
  }

  private static String clipName(String name) {
    return name.length() <= 64 ? name : name.substring(0, 64) + "…";
  }

  private static Settled fail(Outcome outcome, String message) {
    return new Settled(ToolResult.failed(outcome, message), null, message);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  /** A result plus what the audit record says about it. */
  private record Settled(ToolResult result, ProposedAction proposal, String summary) {}

  /** One call in flight; settled exactly once, by the worker or by the waiter's timeout. */
  private final class Attempt {
    final ToolCall call;
    final ToolContext context;
    final Instant startedAt;
    final long startNanos;
    final AtomicReference<CallResult> settled = new AtomicReference<>();
    volatile Future<?> future;

    Attempt(ToolCall call, ToolContext context, Instant startedAt, long startNanos) {
      this.call = call;
      this.context = context;
      this.startedAt = startedAt;
      this.startNanos = startNanos;
    }

    CallResult settle(Settled outcome) {
      ToolResult result = outcome.result();
      ToolCallRecord record =
          new ToolCallRecord(
              startedAt,
              context.ticketKey(),
              call.id(),
              call.name(),
              secrets.redact(call.argumentsJson()),
              result.outcome(),
              secrets.redact(outcome.summary()),
              Duration.ofNanos(System.nanoTime() - startNanos));
      CallResult candidate = new CallResult(call, result, outcome.proposal(), record);
      if (settled.compareAndSet(null, candidate)) {
        try {
          recorder.record(record);
        } catch (RuntimeException e) {
          log.error("tool call recorder failed for {} on {}", call.name(), context.ticketKey(), e);
        }
      }
      return settled.get();
    }

    CallResult await(long deadlineNanos) {
      Future<?> f = future;
      if (f != null) {
        try {
          f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          f.cancel(true);
          settle(
              new Settled(
                  ToolResult.failed(
                      Outcome.TIMEOUT,
                      "the tool did not answer within "
                          + callTimeout.toMillis()
                          + " ms; it may or may not have taken effect, do not retry it"),
                  null,
                  "timeout after " + callTimeout.toMillis() + " ms"));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          f.cancel(true);
          settle(
              new Settled(
                  ToolResult.failed(Outcome.TIMEOUT, "the call was interrupted"),
                  null,
                  "interrupted while waiting"));
        } catch (ExecutionException | CancellationException e) {
          settle(
              new Settled(
                  ToolResult.failed(Outcome.ERROR, "the tool failed"), null, "error: " + e));
        }
      }
      return settled.get();
    }
  }
}
