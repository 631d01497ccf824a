package com.jsmai.plugin.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.jsmai.plugin.llm.ToolSpec;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks a call's arguments against its tool's JSON Schema (draft 2020-12). Thread-safe. */
final class ArgumentValidator {
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final int MAX_REPORTED = 5;

  private final JsonSchema schema;

  private ArgumentValidator(JsonSchema schema) {
    this.schema = schema;
  }

  static ArgumentValidator compile(ToolSpec spec) {
    JsonNode parameters = spec.parameters();
    if (!parameters.isObject() || !"object".equals(parameters.path("type").asText())) {
      throw new IllegalArgumentException(
          "tool " + spec.name() + ": parameters must be a JSON Schema with type: object");
    }
    requireLocalRefs(spec.name(), parameters);
    try {
      return new ArgumentValidator(FACTORY.getSchema(parameters));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "tool " + spec.name() + ": parameters is not a valid JSON Schema: " + e.getMessage(), e);
    }
  }

  // A remote $ref would make the validator fetch a URL: a request the host allow-list never sees.
  private static void requireLocalRefs(String tool, JsonNode node) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getKey().equals("$ref") && !field.getValue().asText().startsWith("#")) {
          throw new IllegalArgumentException(
              "tool " + tool + ": only local $ref (#/...) is allowed, not " + field.getValue());
        }
        requireLocalRefs(tool, field.getValue());
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) requireLocalRefs(tool, element);
    }
  }

  /** The problems with {@code arguments}, empty when they are valid; at most a few, sorted. */
  List<String> problems(JsonNode arguments) {
    Set<ValidationMessage> messages = schema.validate(arguments);
    return messages.stream()
        .map(ValidationMessage::getMessage)
        .sorted(Comparator.naturalOrder())
        .limit(MAX_REPORTED)
        .toList();
  }
}
