package com.jsmai.plugin.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the configuration: embedded defaults ({@code jsmai-defaults.yaml}), then the file (YAML or
 * {@code .properties}), then environment variables {@code JSMAI_<SECTION>_<KEY>}, then binds each
 * registered section to its record.
 *
 * <p>Unknown keys in the file are errors that name the key and the file: a typo must not silently
 * fall back to a default. Values of {@link Secret} type may be references, {@code ${env:NAME}} or
 * {@code ${file:/path}}, resolved here and never printed.
 */
public final class ConfigLoader {
  static final String DEFAULTS_RESOURCE = "/jsmai-defaults.yaml";
  private static final String ENV_PREFIX = "JSMAI_";
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");

  private final List<ConfigSection<?>> sections;
  private final Map<String, String> env;

  public ConfigLoader(List<ConfigSection<?>> sections, Map<String, String> env) {
    this.sections = List.copyOf(sections);
    this.env = Map.copyOf(env);
  }

  /** The loader for the service: all registered sections and the process environment. */
  public static ConfigLoader standard() {
    return new ConfigLoader(ConfigSections.ALL, System.getenv());
  }

  /** Embedded defaults plus environment overrides, no file. */
  public PluginConfig loadDefaults() {
    return load(null);
  }

  /** Loads {@code file} (null: defaults only) over the embedded defaults, then the environment. */
  public PluginConfig load(Path file) {
    ObjectNode tree = readDefaults();
    String source = "embedded defaults";
    if (file != null) {
      source = file.toString();
      ObjectNode fromFile = readFile(file);
      checkKnownKeys(fromFile, source);
      merge(tree, fromFile);
    }
    applyEnvironment(tree);
    return bind(tree, source);
  }

  private ObjectNode readDefaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new ConfigException("embedded defaults missing: " + DEFAULTS_RESOURCE);
      }
      JsonNode node = new ObjectMapper(new YAMLFactory()).readTree(in);
      return node instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
    } catch (IOException e) {
      throw new ConfigException("cannot read embedded defaults", e);
    }
  }

  private ObjectNode readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("config file not found: " + file);
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    try {
      if (name.endsWith(".properties")) {
        return readProperties(file);
      }
      if (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json")) {
        JsonNode node = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        if (node == null || node.isMissingNode() || node.isNull()) {
          return JsonNodeFactory.instance.objectNode();
        }
        if (!(node instanceof ObjectNode o)) {
          throw new ConfigException(file + ": the top level must be a mapping of sections");
        }
        return o;
      }
    } catch (IOException e) {
      // Jackson's message quotes the offending line, which could hold a literal secret: keep only
      // the location.
      String where =
          e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
                  && jpe.getLocation() != null
              ? " at line " + jpe.getLocation().getLineNr()
              : "";
      throw new ConfigException("cannot parse " + file + where + ": not valid YAML");
    }
    throw new ConfigException(
        "unsupported config file type (use .yaml, .yml or .properties): " + file);
  }

  private static ObjectNode readProperties(Path file) throws IOException {
    Properties props = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(r);
    }
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    for (String key : new TreeSet<>(props.stringPropertyNames())) {
      String[] parts = key.split("\\.");
      ObjectNode node = root;
      for (int i = 0; i < parts.length - 1; i++) {
        JsonNode child = node.get(parts[i]);
        if (!(child instanceof ObjectNode)) {
          child = node.putObject(parts[i]);
        }
        node = (ObjectNode) child;
      }
      node.put(parts[parts.length - 1], props.getProperty(key).trim());
    }
    return root;
  }

  private void checkKnownKeys(ObjectNode root, String source) {
    Map<String, ConfigSection<?>> byName = new LinkedHashMap<>();
    sections.forEach(s -> byName.put(s.name(), s));
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      ConfigSection<?> section = byName.get(name);
      if (section == null) {
        throw new ConfigException(
            "unknown key '"
                + name
                + "' in "
                + source
                + " (known sections: "
                + byName.keySet()
                + ")");
      }
      JsonNode value = root.get(name);
      if (!value.isObject() && !value.isNull()) {
        throw new ConfigException("'" + name + "' in " + source + " must be a mapping of keys");
      }
      if (value.isObject()) {
        checkRecordKeys((ObjectNode) value, section.type(), name, source);
      }
    }
  }

  private static void checkRecordKeys(ObjectNode node, Class<?> type, String path, String source) {
    Map<String, RecordComponent> components = new LinkedHashMap<>();
    for (RecordComponent c : type.getRecordComponents()) {
      components.put(c.getName(), c);
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      RecordComponent c = components.get(key);
      if (c == null) {
        throw new ConfigException(
            "unknown key '"
                + path
                + "."
                + key
                + "' in "
                + source
                + " (known keys in '"
                + path
                + "': "
                + components.keySet()
                + ")");
      }
      if (c.getType().isRecord() && node.get(key).isObject()) {
        checkRecordKeys((ObjectNode) node.get(key), c.getType(), path + "." + key, source);
      }
    }
  }

  private static void merge(ObjectNode base, ObjectNode over) {
    for (Iterator<Map.Entry<String, JsonNode>> it = over.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode existing = base.get(e.getKey());
      if (existing instanceof ObjectNode eo && e.getValue() instanceof ObjectNode vo) {
        merge(eo, vo);
      } else {
        base.set(e.getKey(), e.getValue());
      }
    }
  }

  /**
   * {@code JSMAI_JIRA_BASE_URL} sets {@code jira.baseUrl}: the name after the prefix is matched
   * against every leaf key with case and underscores ignored. A variable that names a known section
   * but no key in it is an error (a typo); other {@code JSMAI_} variables belong to other programs.
   */
  private void applyEnvironment(ObjectNode tree) {
    Map<String, List<String>> leaves = new LinkedHashMap<>();
    for (ConfigSection<?> s : sections) {
      collectLeaves(s.type(), List.of(s.name()), leaves);
    }
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(env).entrySet()) {
      String name = e.getKey();
      if (!name.startsWith(ENV_PREFIX)) {
        continue;
      }
      String wanted = normalise(name.substring(ENV_PREFIX.length()));
      List<String> path = leaves.get(wanted);
      if (path == null) {
        for (ConfigSection<?> s : sections) {
          if (wanted.startsWith(normalise(s.name()))
              && name.substring(ENV_PREFIX.length())
                  .toLowerCase(Locale.ROOT)
                  .startsWith(s.name().toLowerCase(Locale.ROOT) + "_")) {
            throw new ConfigException(
                "unknown key in environment variable "
                    + name
                    + ": section '"
                    + s.name()
                    + "' has no such key");
          }
        }
        continue;
      }
      ObjectNode node = tree;
      for (int i = 0; i < path.size() - 1; i++) {
        JsonNode child = node.get(path.get(i));
        if (!(child instanceof ObjectNode)) {
          child = node.putObject(path.get(i));
        }
        node = (ObjectNode) child;
      }
      node.put(path.get(path.size() - 1), e.getValue());
    }
  }

  private static void collectLeaves(
      Class<?> type, List<String> prefix, Map<String, List<String>> out) {
    for (RecordComponent c : type.getRecordComponents()) {
      List<String> path = new ArrayList<>(prefix);
      path.add(c.getName());
      if (c.getType().isRecord()) {
        collectLeaves(c.getType(), path, out);
      } else {
        out.put(normalise(String.join("", path)), path);
      }
    }
  }

  private static String normalise(String s) {
    return s.replace("_", "").replace(".", "").toUpperCase(Locale.ROOT);
  }

  private PluginConfig bind(ObjectNode tree, String source) {
    ObjectMapper mapper = mapper();
    Map<Class<?>, Record> bound = new LinkedHashMap<>();
    for (ConfigSection<?> s : sections) {
      JsonNode node = tree.get(s.name());
      ObjectNode obj = node instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
      splitLists(obj, s.type());
      try {
        bound.put(s.type(), mapper.treeToValue(obj, s.type()));
      } catch (ValueInstantiationException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        throw new ConfigException(
            "invalid section '" + s.name() + "' in " + source + ": " + cause.getMessage());
      } catch (ConfigException e) {
        throw new ConfigException(
            "section '" + s.name() + "' in " + source + ": " + e.getMessage());
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        String field =
            e instanceof com.fasterxml.jackson.databind.JsonMappingException jme
                ? jme.getPath().stream()
                    .map(
                        r -> r.getFieldName() == null ? "[" + r.getIndex() + "]" : r.getFieldName())
                    .reduce(s.name(), (a, b) -> a + "." + b)
                : s.name();
        throw new ConfigException(
            "invalid value for '"
                + field
                + "' in "
                + source
                + ": "
                + firstLine(e.getOriginalMessage()));
      }
    }
    return new PluginConfig(source, bound);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Properties files and environment variables give lists as "a,b,c". */
  private static void splitLists(ObjectNode node, Class<?> type) {
    for (RecordComponent c : type.getRecordComponents()) {
      JsonNode v = node.get(c.getName());
      if (v == null) {
        continue;
      }
      if (List.class.isAssignableFrom(c.getType()) && v.isTextual()) {
        ArrayNode arr = node.putArray(c.getName());
        for (String part : v.asText().split(",")) {
          if (!part.isBlank()) {
            arr.add(part.trim());
          }
        }
      } else if (c.getType().isRecord() && v instanceof ObjectNode o) {
        splitLists(o, c.getType());
      }
    }
  }

  private ObjectMapper mapper() {
    SimpleModule module = new SimpleModule("jsmai-config");
    module.addDeserializer(Secret.class, new SecretDeserializer());
    module.addDeserializer(Duration.class, new DurationDeserializer());
    return JsonMapper.builder()
        .addModule(module)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .build();
  }

  /** Resolves {@code ${env:NAME}} and {@code ${file:/path}}; messages name the reference only. */
  Secret resolveSecret(String raw) {
    String text = raw.trim();
    Matcher m = REFERENCE.matcher(text);
    if (!m.matches()) {
      return Secret.of(raw, "config");
    }
    String kind = m.group(1);
    String target = m.group(2).trim();
    if (kind.equals("env")) {
      String value = env.get(target);
      if (value == null || value.isEmpty()) {
        throw new ConfigException("environment variable " + target + " is not set");
      }
      return Secret.of(value, "env:" + target);
    }
    Path p = Path.of(target);
    try {
      String value = Files.readString(p, StandardCharsets.UTF_8).strip();
      if (value.isEmpty()) {
        throw new ConfigException("secret file " + target + " is empty");
      }
      return Secret.of(value, "file:" + target);
    } catch (IOException e) {
      throw new ConfigException("cannot read secret file " + target);
    }
  }

  private final class SecretDeserializer extends JsonDeserializer<Secret> {
    @Override
    public Secret deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String raw = p.getValueAsString();
      if (raw == null || raw.isBlank()) {
        return null;
      }
      return resolveSecret(raw);
    }
  }

  private static final class DurationDeserializer extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String raw = p.getValueAsString();
      if (raw == null || raw.isBlank()) {
        return null;
      }
      try {
        return Durations.parse(raw);
      } catch (IllegalArgumentException e) {
        throw com.fasterxml.jackson.databind.exc.InvalidFormatException.from(
            p, e.getMessage(), raw, Duration.class);
      }
    }
  }
}
