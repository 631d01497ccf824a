package com.jsmai.plugin.tools;

import com.jsmai.plugin.tools.jira.JiraToolsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code tools:} section of the plugin's configuration.
 *
 * @param definitionsDir folder of HTTP tool definitions ({@code *.yaml}), or null for none
 * @param allowedHosts hosts HTTP tools may call
 * @param allowedPrivateRanges CIDR ranges HTTP tools may reach although they are loopback, private
 *     or link-local (for example {@code 10.20.0.0/16} for an internal order service); empty by
 *     default
 * @param callTimeout the most one tool call may take
 * @param maxConcurrentCalls the most tool calls running at once across all tickets
 * @param loop step and size limits of the loop
 * @param jira what the built-in Jira tools offer
 */
public record ToolsConfig(
    Path definitionsDir,
    List<String> allowedHosts,
    List<String> allowedPrivateRanges,
    Duration callTimeout,
    int maxConcurrentCalls,
    LoopSettings loop,
    JiraToolsSettings jira) {

  public static final ToolsConfig DEFAULTS =
      new ToolsConfig(
          null,
          List.of(),
          List.of(),
          Duration.ofSeconds(10),
          16,
          LoopSettings.DEFAULTS,
          JiraToolsSettings.DEFAULTS);

  public ToolsConfig {
    allowedHosts = List.copyOf(allowedHosts == null ? List.of() : allowedHosts);
    allowedPrivateRanges =
        List.copyOf(allowedPrivateRanges == null ? List.of() : allowedPrivateRanges);
    Objects.requireNonNull(callTimeout, "callTimeout");
    if (callTimeout.isNegative() || callTimeout.isZero() || callTimeout.toSeconds() > 120) {
      throw new IllegalArgumentException("callTimeout not in (0, 120s]: " + callTimeout);
    }
    if (maxConcurrentCalls < 1 || maxConcurrentCalls > 256) {
      throw new IllegalArgumentException("maxConcurrentCalls not in 1..256: " + maxConcurrentCalls);
    }
    loop = loop == null ? LoopSettings.DEFAULTS : loop;
    jira = jira == null ? JiraToolsSettings.DEFAULTS : jira;
  }
}
