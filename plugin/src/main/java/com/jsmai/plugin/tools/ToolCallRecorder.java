package com.jsmai.plugin.tools;

/**
 * Receives the record of every tool call, whatever its outcome. The audit log implements it
 * persistently; {@link InMemoryToolCallRecorder} keeps records in memory.
 *
 * <p>Called from tool-call threads: implementations are thread-safe and must not throw (a failing
 * recorder is logged and the call goes on).
 */
@FunctionalInterface
public interface ToolCallRecorder {
  void record(ToolCallRecord record);
}
