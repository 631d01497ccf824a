package com.jsmai.plugin.prompt;

import java.time.ZoneId;
import java.util.Objects;

/**
 * Prompt settings for one service desk / request type.
 *
 * @param template the system prompt template ({@link PromptTemplate#VARIABLES})
 * @param includeDefaultGuidance append {@link SystemPromptBuilder#DEFAULT_GUIDANCE} after it
 * @param timeZone zone of {@code {{current_time}}}
 * @param regionField ticket field id whose value is {@code {{user_region}}}, or null
 * @param defaultRegion {@code {{user_region}}} when the field is empty
 */
public record PromptConfig(
    PromptTemplate template,
    boolean includeDefaultGuidance,
    ZoneId timeZone,
    String regionField,
    String defaultRegion) {
  public static final String DEFAULT_TEMPLATE =
      "You are the customer support assistant of {{service_desk}}. You are talking with"
          + " {{customer_name}} (region: {{user_region}}). The current time is {{current_time}}."
          + " Answer in {{language}}.";

  public PromptConfig {
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(timeZone, "timeZone");
    defaultRegion = defaultRegion == null || defaultRegion.isBlank() ? "unknown" : defaultRegion;
  }

  public static PromptConfig defaults() {
    return new PromptConfig(
        PromptTemplate.parse("default", DEFAULT_TEMPLATE), true, ZoneId.of("UTC"), null, null);
  }
}
