/**
 * Issue 8's guard rails in the running plugin: one entry point, {@link
 * com.jsmai.plugin.app.guard.GuardRails}, builds the input and output checks, the instant-answer
 * cache, the fallback bot, the encrypted audit log, the rate limits and the metrics from the
 * configuration's {@code safety}, {@code faq}, {@code audit}, {@code ratelimit} and {@code metrics}
 * sections, and hands them to the pipeline as decorators of its boundaries ({@code ChatModel},
 * {@code Assistant}, {@code EventHandler}, {@code ToolCallRecorder}), the orchestrator's check and
 * decision hooks, and HTTP routes ({@code /metrics}, the admin audit search and export behind
 * {@link com.jsmai.plugin.app.guard.AdminAuth}). The hookup for {@code Main} is in docs/safety.md.
 */
package com.jsmai.plugin.app.guard;
