package com.jsmai.plugin.settings;

import com.jsmai.plugin.config.Secret;
import java.net.URI;

/**
 * One model server the admin configured: our inference node, vLLM, or any OpenAI-compatible API.
 *
 * @param name how admins and the playground refer to it, for example {@code node}
 * @param baseUrl the server root; {@code /v1/chat/completions} hangs off it
 * @param model the model name sent in each request
 * @param apiKey bearer key, or null for servers without one
 */
public record ModelEndpoint(String name, URI baseUrl, String model, Secret apiKey) {
  public ModelEndpoint {
    if (name == null || !name.matches("[A-Za-z0-9_.-]{1,40}")) {
      throw new IllegalArgumentException(
          "model name must be 1-40 letters, digits, '.', '_' or '-': " + name);
    }
    if (baseUrl == null
        || baseUrl.getHost() == null
        || !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))) {
      throw new IllegalArgumentException(
          "model " + name + ": base URL must be an http(s) URL: " + baseUrl);
    }
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model " + name + ": model id must be set");
    }
  }
}
