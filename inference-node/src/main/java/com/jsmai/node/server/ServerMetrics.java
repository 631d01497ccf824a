package com.jsmai.node.server;

import com.jsmai.node.engine.Engine;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The Prometheus text exposition of /metrics: HTTP requests plus the engine's gauges. */
final class ServerMetrics {
  private static final Set<String> KNOWN =
      Set.of(
          "/v1/chat/completions",
          "/tokenize",
          "/detokenize",
          "/v1/models",
          "/health",
          "/ready",
          "/metrics");

  private final Engine engine;
  private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();

  ServerMetrics(Engine engine) {
    this.engine = engine;
  }

  void countRequest(String path, int status) {
    String p = KNOWN.contains(path) ? path : "other";
    requests
        .computeIfAbsent("path=\"" + p + "\",status=\"" + status + "\"", k -> new AtomicLong())
        .incrementAndGet();
  }

  String render() {
    StringBuilder out = new StringBuilder(4096);
    Engine.EngineMetrics m = engine.metrics();
    out.append("# HELP jsmai_http_requests_total HTTP requests by path and status.\n");
    out.append("# TYPE jsmai_http_requests_total counter\n");
    for (Map.Entry<String, AtomicLong> e : new TreeMap<>(requests).entrySet()) {
      out.append("jsmai_http_requests_total{")
          .append(e.getKey())
          .append("} ")
          .append(e.getValue().get())
          .append('\n');
    }
    counter(
        out, "jsmai_requests_submitted_total", "Generation requests accepted.", m.submitted.get());
    counter(
        out, "jsmai_requests_completed_total", "Generation requests finished.", m.completed.get());
    counter(
        out,
        "jsmai_requests_cancelled_total",
        "Requests cancelled (client gone).",
        m.cancelled.get());
    counter(
        out, "jsmai_requests_rejected_total", "Requests refused: queue full.", m.rejected.get());
    counter(out, "jsmai_generated_tokens_total", "Tokens generated.", m.generatedTokens.get());
    counter(
        out,
        "jsmai_prompt_tokens_total",
        "Prompt tokens prefilled (cache hits excluded).",
        m.promptTokens.get());
    counter(
        out,
        "jsmai_prefix_cache_hits_total",
        "Requests that reused a cached prompt prefix.",
        engine.prefixCacheHits());
    gauge(out, "jsmai_queue_depth", "Requests waiting for admission.", engine.queueDepth());
    gauge(out, "jsmai_running_sequences", "Sequences in the running batch.", engine.runningCount());
    gauge(
        out,
        "jsmai_kv_cache_used_bytes",
        "KV cache reserved by running sequences plus the prefix cache.",
        engine.kvBytesInUse());
    gauge(out, "jsmai_kv_cache_budget_bytes", "KV cache budget.", engine.config().kvCacheBytes());
    gauge(
        out,
        "jsmai_kv_cache_usage_ratio",
        "Fraction of the KV budget in use.",
        (double) engine.kvBytesInUse() / engine.config().kvCacheBytes());
    m.ttftSeconds.write(
        out, "jsmai_time_to_first_token_seconds", "From submission to the first token.");
    m.itlSeconds.write(
        out, "jsmai_inter_token_latency_seconds", "Between consecutive tokens of a sequence.");
    m.stepSeconds.write(out, "jsmai_step_seconds", "One batched forward step.");
    return out.toString();
  }

  private static void counter(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
    out.append(name).append(' ').append(value).append('\n');
  }

  private static void gauge(StringBuilder out, String name, String help, double value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
    out.append(name).append(' ');
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      out.append((long) value);
    } else {
      out.append(value);
    }
    out.append('\n');
  }
}
