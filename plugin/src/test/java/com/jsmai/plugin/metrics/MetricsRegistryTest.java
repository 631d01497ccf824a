package com.jsmai.plugin.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MetricsRegistryTest {
  // One sample line of the text format: name, optional {labels}, a value.
  private static final Pattern SAMPLE =
      Pattern.compile(
          "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*\\})? \\S+");

  @Test
  void scrape_counterWithLabels_helpTypeAndSamples() {
    MetricsRegistry r = new MetricsRegistry();
    MetricsRegistry.Counter c = r.counter("jsmai_replies_total", "Replies by mode", "mode");

    c.labels("auto").inc();
    c.labels("auto").inc();
    c.labels("draft").inc(3);

    assertThat(r.scrape())
        .isEqualTo(
            "# HELP jsmai_replies_total Replies by mode\n"
                + "# TYPE jsmai_replies_total counter\n"
                + "jsmai_replies_total{mode=\"auto\"} 2\n"
                + "jsmai_replies_total{mode=\"draft\"} 3\n");
  }

  @Test
  void scrape_histogram_cumulativeBucketsSumAndCount() {
    MetricsRegistry r = new MetricsRegistry();
    MetricsRegistry.Histogram h = r.histogram("lat_seconds", "x", new double[] {0.1, 1}, "outcome");

    h.labels("ok").observe(0.05);
    h.labels("ok").observe(0.5);
    h.labels("ok").observe(5);

    assertThat(r.scrape())
        .contains("lat_seconds_bucket{outcome=\"ok\",le=\"0.1\"} 1\n")
        .contains("lat_seconds_bucket{outcome=\"ok\",le=\"1\"} 2\n")
        .contains("lat_seconds_bucket{outcome=\"ok\",le=\"+Inf\"} 3\n")
        .contains("lat_seconds_sum{outcome=\"ok\"} 5.55\n")
        .contains("lat_seconds_count{outcome=\"ok\"} 3\n");
  }

  @Test
  void scrape_labelValuesEscaped_everyLineParses() {
    MetricsRegistry r = new MetricsRegistry();
    r.counter("odd_total", "help with \\ and\nnewline", "v").labels("a\"b\\c\nd").inc();
    r.gauge("queue_depth", "pending").labels().setSupplier(() -> 7);

    String text = r.scrape();

    assertThat(text).contains("odd_total{v=\"a\\\"b\\\\c\\nd\"} 1").contains("queue_depth 7\n");
    for (String line : text.split("\n")) {
      if (!line.startsWith("#")) assertThat(line).matches(SAMPLE);
    }
  }

  @Test
  void counter_concurrentIncrements_noneLost() throws Exception {
    MetricsRegistry.Counter c = new MetricsRegistry().counter("n_total", "n", "k");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      futures.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 10_000; i++) c.labels("x").inc();
              }));
    }
    for (Future<?> f : futures) f.get();
    pool.shutdown();

    assertThat(c.labels("x").get()).isEqualTo(40_000);
  }

  @Test
  void register_badNamesAndMismatches_rejected() {
    MetricsRegistry r = new MetricsRegistry();
    assertThatThrownBy(() -> r.counter("replies", "x")).hasMessageContaining("_total");
    assertThatThrownBy(() -> r.gauge("9bad", "x")).hasMessageContaining("9bad");
    assertThatThrownBy(() -> r.gauge("g", "x", "__reserved")).hasMessageContaining("__reserved");
    r.counter("a_total", "x", "k");
    assertThatThrownBy(() -> r.counter("a_total", "x", "other")).hasMessageContaining("a_total");
    assertThatThrownBy(() -> r.counter("b_total", "x", "k").labels("1", "2"))
        .hasMessageContaining("[k]");
    assertThatThrownBy(() -> r.counter("c_total", "x").labels().inc(-1)).hasMessageContaining("-1");
  }

  @Test
  void pluginMetrics_everyDashboardSeriesPresentAfterUse() {
    PluginMetrics m = new PluginMetrics();
    m.webhookReceived("comment_created");
    m.webhookDeduplicated("comment_created");
    m.reply("auto");
    m.handoff("injection");
    m.toolCall("lookup_order", "ok");
    m.cacheLookup("local", true);
    m.fallback(true);
    m.modelCall(Duration.ofMillis(1200), "ok");
    m.inputBlocked("ROUTE_TO_HUMAN");
    m.outputBlocked("FOREIGN_PII");
    m.suggestion("accepted");
    m.rateLimited("customer_replies", "queued");

    String text = m.scrape();

    for (String name :
        List.of(
            "jsmai_webhooks_received_total",
            "jsmai_webhooks_deduplicated_total",
            "jsmai_replies_total",
            "jsmai_handoffs_total",
            "jsmai_tool_calls_total",
            "jsmai_faq_cache_lookups_total",
            "jsmai_fallback_answers_total",
            "jsmai_model_latency_seconds_bucket",
            "jsmai_blocked_inputs_total",
            "jsmai_blocked_outputs_total",
            "jsmai_suggestions_total",
            "jsmai_rate_limited_total")) {
      assertThat(text).as(name).containsPattern("(?m)^" + name + "\\{.*\\} \\d");
    }
    assertThat(text)
        .contains("jsmai_model_latency_seconds_bucket{outcome=\"ok\",le=\"1\"} 0")
        .contains("jsmai_model_latency_seconds_bucket{outcome=\"ok\",le=\"2\"} 1");
  }
}
