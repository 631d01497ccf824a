package com.jsmai.plugin.tools.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.time.Duration;

/** Reads tool-file durations with the plugin's one parser, {@link com.jsmai.plugin.config.Durations}. */
final class Durations {
  private Durations() {}

  /** Reads a YAML/JSON string with {@link com.jsmai.plugin.config.Durations#parse}. */
  static final class Deserializer extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.currentToken().isScalarValue()) {
        return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
      }
      try {
        return com.jsmai.plugin.config.Durations.parse(p.getText());
      } catch (IllegalArgumentException e) {
        return (Duration) ctxt.handleWeirdStringValue(Duration.class, p.getText(), e.getMessage());
      }
    }
  }
}
