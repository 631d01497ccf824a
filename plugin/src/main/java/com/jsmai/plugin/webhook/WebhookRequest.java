package com.jsmai.plugin.webhook;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A webhook delivery as it arrived, free of any HTTP framework.
 *
 * @param headers request headers with lower-case names (first value of each)
 * @param query query parameters (first value of each), for example {@code issueKey}
 * @param body the raw bytes, exactly as signed
 */
public record WebhookRequest(Map<String, String> headers, Map<String, String> query, byte[] body) {
  public WebhookRequest {
    Objects.requireNonNull(body, "body");
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    query = query == null ? Map.of() : Map.copyOf(query);
  }

  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }
}
