package com.jsmai.plugin.app.guard;

import com.jsmai.plugin.llm.ToolCall;
import com.jsmai.plugin.metrics.PluginMetrics;
import com.jsmai.plugin.tools.ToolCallRecord;
import com.jsmai.plugin.tools.ToolCallRecorder;
import java.util.regex.Pattern;

/**
 * Every tool call into the audit log (arguments, outcome, result summary; the tools layer already
 * scrubbed secrets and the audit log redacts again) and {@code jsmai_tool_calls_total{tool,
 * outcome}}, then on to the next recorder (for example the agent panel's in-memory one).
 */
final class AuditingToolCallRecorder implements ToolCallRecorder {
  // The model may invent tool names; only well-formed ones become label values.
  private static final Pattern TOOL_LABEL = Pattern.compile("[a-z][a-z0-9_]{0,39}");
  private final PluginMetrics metrics;
  private final AuditTrail audit;
  private final ToolCallRecorder next;

  AuditingToolCallRecorder(PluginMetrics metrics, AuditTrail audit, ToolCallRecorder next) {
    this.metrics = metrics;
    this.audit = audit;
    this.next = next;
  }

  @Override
  public void record(ToolCallRecord r) {
    String outcome = r.outcome().wireName();
    try {
      String label = TOOL_LABEL.matcher(r.tool()).matches() ? r.tool() : "other";
      metrics.toolCall(label, outcome);
    } catch (RuntimeException e) {
      // A metrics failure must not lose the audit record below.
    }
    audit.toolCall(
        r.ticketKey(),
        new ToolCall(r.callId() == null ? "" : r.callId(), r.tool(), r.arguments()),
        outcome,
        r.summary());
    if (next != null) next.record(r);
  }
}
