package com.jsmai.plugin.app.guard;

import com.jsmai.plugin.audit.AuditRecorder;
import com.jsmai.plugin.llm.ChatRequest;
import com.jsmai.plugin.llm.ChatResponse;
import com.jsmai.plugin.llm.ToolCall;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit recorder as the guard rails use it: a no-op when the audit log is off, and never
 * throwing. A failed write is logged (without the content) and counted, but does not stop the
 * reply: losing a reply to a full disk would hurt the customer more than a gap in the trail, and
 * {@link #failures()} makes the gap visible.
 */
final class AuditTrail {
  private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
  private final AuditRecorder recorder;
  private final AtomicLong failures = new AtomicLong();

  AuditTrail(AuditRecorder recorder) {
    this.recorder = recorder;
  }

  boolean enabled() {
    return recorder != null;
  }

  long failures() {
    return failures.get();
  }

  void turn(String ticket, String author, boolean isPublic, String text) {
    run(ticket, "turn", () -> recorder.turn(ticket, author, isPublic, text));
  }

  void prompt(String ticket, ChatRequest request) {
    run(ticket, "prompt", () -> recorder.prompt(ticket, request));
  }

  void response(String ticket, ChatResponse response, Duration latency) {
    run(ticket, "response", () -> recorder.response(ticket, response, latency));
  }

  void toolCall(String ticket, ToolCall call, String outcome, String result) {
    run(ticket, "tool call", () -> recorder.toolCall(ticket, call, outcome, result));
  }

  void decision(String ticket, String check, String decision, String reason) {
    run(ticket, "decision", () -> recorder.decision(ticket, check, decision, reason));
  }

  private void run(String ticket, String what, Runnable write) {
    if (recorder == null) return;
    try {
      write.run();
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      log.error("{}: audit {} not written: {}", ticket, what, e.getClass().getSimpleName());
    }
  }
}
