package com.jsmai.plugin.config;

import java.net.URI;
import java.time.Duration;

/**
 * Where the OpenAI-compatible model endpoint (the inference node) listens.
 *
 * @param baseUrl for example {@code http://127.0.0.1:8081/v1}
 * @param model the model name sent in each request
 * @param apiKey bearer token, or null when the node needs none (loopback demo)
 * @param timeout per request, including generation
 */
public record ModelEndpointConfig(URI baseUrl, String model, Secret apiKey, Duration timeout) {
  public ModelEndpointConfig {
    baseUrl = Checks.httpUrl("model.baseUrl", baseUrl);
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model.model must not be blank");
    }
    timeout = Checks.positive("model.timeout", timeout, Duration.ofSeconds(120));
  }
}
