package com.jsmai.plugin.reply;

import com.jsmai.plugin.conversation.ContextConfig;
import com.jsmai.plugin.memory.MemoryConfig;
import com.jsmai.plugin.policy.ReplyPolicy;
import com.jsmai.plugin.policy.Scoped;
import com.jsmai.plugin.prompt.PromptConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the reply pipeline reads from configuration.
 *
 * @param policies reply policy per service desk / request type
 * @param prompts system prompt per service desk / request type
 * @param memory {@code [MEMORY]} patterns and tagged fields per service desk / request type
 * @param serviceDeskNames service desk id to the name used for {@code {{service_desk}}}
 * @param context window and token budget
 * @param temperature sampling temperature for replies
 * @param staleClaimAfter when an unfinished effect claim counts as abandoned by a crashed worker
 * @param clockSkew tolerance when matching our posted comment's Jira timestamp to our pending mark
 * @param scheduledRetry wait before a delayed reply that failed is tried again
 */
public record ReplyConfig(
    Scoped<ReplyPolicy> policies,
    Scoped<PromptConfig> prompts,
    Scoped<MemoryConfig> memory,
    Map<String, String> serviceDeskNames,
    ContextConfig context,
    double temperature,
    Duration staleClaimAfter,
    Duration clockSkew,
    Duration scheduledRetry) {
  public ReplyConfig {
    Objects.requireNonNull(policies, "policies");
    Objects.requireNonNull(prompts, "prompts");
    Objects.requireNonNull(memory, "memory");
    serviceDeskNames = Map.copyOf(serviceDeskNames);
    Objects.requireNonNull(context, "context");
    if (temperature < 0 || temperature > 2) {
      throw new IllegalArgumentException("temperature not in [0, 2]: " + temperature);
    }
    if (staleClaimAfter.isNegative() || staleClaimAfter.isZero()) {
      throw new IllegalArgumentException("staleClaimAfter must be positive: " + staleClaimAfter);
    }
    Objects.requireNonNull(clockSkew, "clockSkew");
    Objects.requireNonNull(scheduledRetry, "scheduledRetry");
  }

  /** Suggest mode everywhere, default prompt and memory, 6-turn window. */
  public static ReplyConfig defaults() {
    return new ReplyConfig(
        Scoped.of(ReplyPolicy.defaults()),
        Scoped.of(PromptConfig.defaults()),
        Scoped.of(MemoryConfig.defaults()),
        Map.of(),
        ContextConfig.defaults(),
        0.3,
        Duration.ofMinutes(5),
        Duration.ofMinutes(2),
        Duration.ofSeconds(30));
  }

  public ReplyConfig withPolicies(Scoped<ReplyPolicy> p) {
    return new ReplyConfig(
        p,
        prompts,
        memory,
        serviceDeskNames,
        context,
        temperature,
        staleClaimAfter,
        clockSkew,
        scheduledRetry);
  }

  public ReplyConfig withMemory(Scoped<MemoryConfig> m) {
    return new ReplyConfig(
        policies,
        prompts,
        m,
        serviceDeskNames,
        context,
        temperature,
        staleClaimAfter,
        clockSkew,
        scheduledRetry);
  }

  public ReplyConfig withContext(ContextConfig c) {
    return new ReplyConfig(
        policies,
        prompts,
        memory,
        serviceDeskNames,
        c,
        temperature,
        staleClaimAfter,
        clockSkew,
        scheduledRetry);
  }

  public ReplyConfig withServiceDeskNames(Map<String, String> names) {
    return new ReplyConfig(
        policies,
        prompts,
        memory,
        names,
        context,
        temperature,
        staleClaimAfter,
        clockSkew,
        scheduledRetry);
  }
}
