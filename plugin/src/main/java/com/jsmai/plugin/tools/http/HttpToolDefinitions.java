package com.jsmai.plugin.tools.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads HTTP tool definitions from YAML. Strict: unknown keys, duplicate keys and wrong types are
 * errors, and every error names the file and the field ({@code query_order_status.yaml:
 * request.timeout: ...}).
 */
public final class HttpToolDefinitions {
  private static final ObjectMapper YAML =
      JsonMapper.builder(new YAMLFactory())
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .addModule(
              new SimpleModule().addDeserializer(Duration.class, new Durations.Deserializer()))
          .build();

  private static final PropertyNamingStrategies.NamingBase SNAKE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  private HttpToolDefinitions() {}

  /** Parses one definition; {@code sourceName} (usually the file name) prefixes every error. */
  public static HttpToolDefinition parse(String sourceName, InputStream yaml) {
    try {
      JsonNode tree = YAML.readTree(yaml);
      if (tree == null || tree.isMissingNode() || tree.isNull()) {
        throw new ToolDefinitionException(sourceName + ": the file is empty", null);
      }
      // Unknown keys first: Jackson would otherwise report a missing field that is only misspelt.
      checkKeys(sourceName, tree, HttpToolDefinition.class, "");
      HttpToolDefinition definition = YAML.treeToValue(tree, HttpToolDefinition.class);
      return definition;
    } catch (UnrecognizedPropertyException e) {
      throw new ToolDefinitionException(
          sourceName
              + ": "
              + path(e)
              + ": unknown key; known keys here: "
              + e.getKnownPropertyIds().stream()
                  .map(String::valueOf)
                  .sorted()
                  .collect(Collectors.joining(", ")),
          e);
    } catch (JsonMappingException e) {
      String where = path(e);
      String message = rootMessage(e);
      // Our own messages already start with the full field name ("request.timeout ...").
      boolean named =
          where.isEmpty()
              || message.startsWith(where + ".")
              || message.startsWith(where + " ")
              || message.startsWith(where + ":");
      throw new ToolDefinitionException(
          sourceName + ": " + (named ? "" : where + ": ") + message, e);
    } catch (IOException e) {
      throw new ToolDefinitionException(sourceName + ": not valid YAML: " + e.getMessage(), e);
    }
  }

  public static HttpToolDefinition load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(file.getFileName().toString(), in);
    } catch (IOException e) {
      throw new ToolDefinitionException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Every {@code *.yaml} / {@code *.yml} file of {@code dir}, by file name. */
  public static List<HttpToolDefinition> loadDirectory(Path dir) {
    List<HttpToolDefinition> definitions = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file :
          files
              .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
              .sorted()
              .toList()) {
        definitions.add(load(file));
      }
    } catch (IOException e) {
      throw new ToolDefinitionException(
          dir + ": cannot list tool definitions: " + e.getMessage(), e);
    }
    return definitions;
  }

  private static void checkKeys(String source, JsonNode node, Class<?> type, String where) {
    if (!type.isRecord() || !node.isObject()) return;
    Map<String, RecordComponent> components = new LinkedHashMap<>();
    for (RecordComponent c : type.getRecordComponents()) {
      components.put(SNAKE.translate(c.getName()), c);
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      String field = where.isEmpty() ? key : where + "." + key;
      RecordComponent component = components.get(key);
      if (component == null) {
        throw new ToolDefinitionException(
            source
                + ": "
                + field
                + ": unknown key; known keys here: "
                + String.join(", ", new TreeSet<>(components.keySet())),
            null);
      }
      checkKeys(source, node.get(key), component.getType(), field);
    }
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  private static String rootMessage(Throwable e) {
    // The outermost IllegalArgumentException: ours, which names the field, wrapping any detail.
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof IllegalArgumentException) return t.getMessage();
    }
    if (e instanceof JsonMappingException m) {
      String original = m.getOriginalMessage();
      int cut = original.indexOf(" (");
      return cut > 0 && original.contains("class ") ? original.substring(0, cut) : original;
    }
    return String.valueOf(e.getMessage());
  }
}
