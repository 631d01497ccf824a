package com.jsmai.plugin.metrics;

import java.time.Duration;

/**
 * The plugin's metrics, one field per thing the dashboard shows. Every component gets this object
 * and calls the method that matches what it just did; {@link #registry()} is what {@code /metrics}
 * serves. Label values are small closed sets (modes, reasons, outcomes), never ticket keys or user
 * ids, so the number of series stays bounded.
 */
public final class PluginMetrics {
  /** Seconds; model calls take from tens of milliseconds (cached prefix) to a minute. */
  private static final double[] LATENCY_BUCKETS = {
    0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120
  };

  private final MetricsRegistry registry;
  private final MetricsRegistry.Counter webhooksReceived;
  private final MetricsRegistry.Counter webhooksDeduplicated;
  private final MetricsRegistry.Counter replies;
  private final MetricsRegistry.Counter handoffs;
  private final MetricsRegistry.Counter toolCalls;
  private final MetricsRegistry.Counter cacheLookups;
  private final MetricsRegistry.Counter fallbackAnswers;
  private final MetricsRegistry.Histogram modelLatency;
  private final MetricsRegistry.Counter blockedInputs;
  private final MetricsRegistry.Counter blockedOutputs;
  private final MetricsRegistry.Counter suggestionFeedback;
  private final MetricsRegistry.Counter rateLimited;
  private final MetricsRegistry.Counter flaggedVerdicts;

  public PluginMetrics(MetricsRegistry registry) {
    this.registry = registry;
    webhooksReceived =
        registry.counter("jsmai_webhooks_received_total", "Webhook deliveries accepted", "event");
    webhooksDeduplicated =
        registry.counter(
            "jsmai_webhooks_deduplicated_total",
            "Webhook deliveries dropped as duplicates",
            "event");
    replies =
        registry.counter(
            "jsmai_replies_total",
            "Replies produced, by mode (auto, draft, instant, fallback)",
            "mode");
    handoffs = registry.counter("jsmai_handoffs_total", "Tickets handed to a human", "reason");
    toolCalls =
        registry.counter(
            "jsmai_tool_calls_total", "Tool calls by tool and outcome", "tool", "outcome");
    cacheLookups =
        registry.counter(
            "jsmai_faq_cache_lookups_total", "Instant-answer cache lookups", "layer", "result");
    fallbackAnswers =
        registry.counter(
            "jsmai_fallback_answers_total",
            "Fallback bot outcomes while the model is unavailable (answered, handoff)",
            "outcome");
    modelLatency =
        registry.histogram(
            "jsmai_model_latency_seconds", "Chat model call latency", LATENCY_BUCKETS, "outcome");
    blockedInputs =
        registry.counter(
            "jsmai_blocked_inputs_total", "Tickets flagged by the input check", "action");
    blockedOutputs =
        registry.counter(
            "jsmai_blocked_outputs_total", "Replies held back by the output check", "reason");
    suggestionFeedback =
        registry.counter(
            "jsmai_suggestions_total",
            "Agent decisions on suggested replies (accepted, edited, rejected)",
            "decision");
    rateLimited =
        registry.counter(
            "jsmai_rate_limited_total", "Requests over a rate limit", "limit", "action");
    flaggedVerdicts =
        registry.counter(
            "jsmai_flagged_verdicts_total",
            "Agents' verdicts on tickets the input check flagged (benign = not an attack,"
                + " attack = confirmed attack); a changed verdict counts again",
            "verdict");
  }

  public PluginMetrics() {
    this(new MetricsRegistry());
  }

  public MetricsRegistry registry() {
    return registry;
  }

  public void webhookReceived(String event) {
    webhooksReceived.labels(event).inc();
  }

  public void webhookDeduplicated(String event) {
    webhooksDeduplicated.labels(event).inc();
  }

  public void reply(String mode) {
    replies.labels(mode).inc();
  }

  public void handoff(String reason) {
    handoffs.labels(reason).inc();
  }

  public void toolCall(String tool, String outcome) {
    toolCalls.labels(tool, outcome).inc();
  }

  /**
   * @param layer {@code local} or {@code redis}; @param hit whether it answered
   */
  public void cacheLookup(String layer, boolean hit) {
    cacheLookups.labels(layer, hit ? "hit" : "miss").inc();
  }

  public void fallback(boolean answered) {
    fallbackAnswers.labels(answered ? "answered" : "handoff").inc();
  }

  public void modelCall(Duration latency, String outcome) {
    modelLatency.labels(outcome).observe(latency.toNanos() / 1e9);
  }

  public void inputBlocked(String action) {
    blockedInputs.labels(action).inc();
  }

  public void outputBlocked(String reason) {
    blockedOutputs.labels(reason).inc();
  }

  public void suggestion(String decision) {
    suggestionFeedback.labels(decision).inc();
  }

  public void rateLimited(String limit, String action) {
    rateLimited.labels(limit, action).inc();
  }

  /**
   * @param verdict {@code benign} or {@code attack}
   */
  public void flaggedVerdict(String verdict) {
    flaggedVerdicts.labels(verdict).inc();
  }

  /** Prometheus text for {@code /metrics}. */
  public String scrape() {
    return registry.scrape();
  }
}
