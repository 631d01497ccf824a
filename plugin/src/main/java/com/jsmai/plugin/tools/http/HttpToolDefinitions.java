package com.jsmai.plugin.tools.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
          .addModule(new SimpleModule().addDeserializer(Duration.class, new Durations.Deserializer()))
          .build();

  private HttpToolDefinitions() {}

  /** Parses one definition; {@code sourceName} (usually the file name) prefixes every error. */
  public static HttpToolDefinition parse(String sourceName, InputStream yaml) {
    try {
      HttpToolDefinition definition = YAML.readValue(yaml, HttpToolDefinition.class);
      if (definition == null) throw new ToolDefinitionException(sourceName + ": the file is empty", null);
      return definition;
    } catch (UnrecognizedPropertyException e) {
      throw new ToolDefinitionException(
          sourceName
              + ": "
              + path(e)
              + ": unknown key; known keys here: "
              + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")),
          e);
    } catch (JsonMappingException e) {
      String where = path(e);
      throw new ToolDefinitionException(
          sourceName + ": " + (where.isEmpty() ? "" : where + ": ") + rootMessage(e), e);
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
      throw new ToolDefinitionException(dir + ": cannot list tool definitions: " + e.getMessage(), e);
    }
    return definitions;
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    if (t instanceof IllegalArgumentException) return t.getMessage();
    if (e instanceof JsonMappingException m) {
      String original = m.getOriginalMessage();
      int cut = original.indexOf(" (");
      return cut > 0 && original.contains("class ") ? original.substring(0, cut) : original;
    }
    return String.valueOf(e.getMessage());
  }
}
