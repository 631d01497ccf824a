package com.jsmai.plugin.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class GrafanaDashboardTest {

  @Test
  void dashboard_queriesOnlyMetricsThePluginExports() throws Exception {
    Path file =
        Path.of(System.getProperty("jsmai.repo.root", "..")).resolve("docs/grafana-dashboard.json");
    Assumptions.assumeTrue(Files.exists(file), "docs/grafana-dashboard.json not found; skipping");
    JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
    Set<String> queried = new TreeSet<>();
    Matcher m = Pattern.compile("jsmai_[a-z_]+").matcher("");
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        m.reset(target.path("expr").asText());
        while (m.find()) queried.add(m.group().replaceAll("_(bucket|sum|count)$", ""));
      }
    }
    PluginMetrics metrics = new PluginMetrics();
    metrics.modelCall(Duration.ofMillis(5), "ok"); // histograms appear once observed
    String exported = metrics.scrape();

    assertThat(queried).hasSizeGreaterThanOrEqualTo(10);
    for (String name : queried) assertThat(exported).as(name).contains("# TYPE " + name + " ");
  }
}
