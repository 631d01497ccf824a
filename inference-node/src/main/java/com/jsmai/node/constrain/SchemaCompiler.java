package com.jsmai.node.constrain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.node.constrain.Frame.NumF;
import com.jsmai.node.constrain.SchemaNode.Arr;
import com.jsmai.node.constrain.SchemaNode.Lit;
import com.jsmai.node.constrain.SchemaNode.Num;
import com.jsmai.node.constrain.SchemaNode.Obj;
import com.jsmai.node.constrain.SchemaNode.Ref;
import com.jsmai.node.constrain.SchemaNode.Str;
import com.jsmai.node.constrain.SchemaNode.Union;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles the supported JSON Schema subset into {@link SchemaNode}s, rejecting with {@link
 * InvalidConstraintException} anything whose guarantee we could not keep: unknown assertion
 * keywords, tuple arrays, {@code anyOf} alternatives that start with the same JSON type, bounds
 * beyond 18 digits, and schemas with no finite instance.
 */
final class SchemaCompiler {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Assertion keywords we cannot guarantee: the request is refused rather than half-honoured. */
  private static final Set<String> UNSUPPORTED =
      Set.of(
          "allOf",
          "not",
          "if",
          "then",
          "else",
          "multipleOf",
          "patternProperties",
          "propertyNames",
          "minProperties",
          "maxProperties",
          "dependentRequired",
          "dependentSchemas",
          "dependencies",
          "prefixItems",
          "contains",
          "minContains",
          "maxContains",
          "unevaluatedProperties",
          "unevaluatedItems",
          "additionalItems",
          "$dynamicRef",
          "$recursiveRef",
          "contentSchema");

  /** Keywords that constrain values (the rest are annotations and are ignored). */
  private static final Set<String> ASSERTIONS =
      Set.of(
          "type",
          "properties",
          "required",
          "additionalProperties",
          "items",
          "minItems",
          "maxItems",
          "uniqueItems",
          "enum",
          "const",
          "minLength",
          "maxLength",
          "pattern",
          "minimum",
          "maximum",
          "exclusiveMinimum",
          "exclusiveMaximum",
          "anyOf",
          "oneOf",
          "$ref");

  private final JsonNode root;
  private final List<SchemaNode> all = new ArrayList<>();
  private final Map<String, Ref> refs = new HashMap<>();
  private final List<Object[]> pendingLiterals = new ArrayList<>(); // {Lit, rest node, values}
  private SchemaNode any;

  private SchemaCompiler(JsonNode root) {
    this.root = root;
  }

  /** Compiles one schema; the result is finished (refs resolved, lengths computed). */
  static SchemaNode compile(JsonNode schema) {
    return compileAll(List.of(schema))[0];
  }

  /** Compiles several schemas that may share nothing but the compiler's "any" node. */
  static SchemaNode[] compileAll(List<JsonNode> schemas) {
    SchemaNode[] out = new SchemaNode[schemas.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode schema = schemas.get(i);
      if (schema == null || schema.isMissingNode()) {
        throw new InvalidConstraintException("schema is missing");
      }
      SchemaCompiler c = new SchemaCompiler(schema);
      out[i] = c.node(schema, "#");
      c.finish(out[i]);
    }
    return out;
  }

  /** A schema for "any JSON object" ({@code response_format: json_object}). */
  static SchemaNode anyObject() {
    SchemaCompiler c = new SchemaCompiler(JSON.createObjectNode());
    Obj o = c.freeObject(c.any());
    c.finish(o);
    return o;
  }

  private <T extends SchemaNode> T add(T n) {
    all.add(n);
    return n;
  }

  private static InvalidConstraintException bad(String path, String why) {
    return new InvalidConstraintException("schema " + path + ": " + why);
  }

  SchemaNode any() {
    if (any == null) {
      Union u = add(new Union());
      any = u;
      Obj o = freeObject(u);
      Arr a = add(new Arr());
      a.items = u;
      Str s = add(new Str());
      Num n = add(new Num());
      Lit l = literal(List.of("false", "null", "true"));
      u.alternatives = new SchemaNode[] {o, a, s, n, l};
    }
    return any;
  }

  private Obj freeObject(SchemaNode values) {
    Obj o = add(new Obj());
    o.keys = new byte[0][];
    o.names = new String[0];
    o.values = new SchemaNode[0];
    o.freeKeys = true;
    o.freeValue = values;
    o.freeKey = add(new Str());
    return o;
  }

  private Lit literal(List<String> encodings) {
    Lit l = add(new Lit());
    l.literals =
        encodings.stream()
            .map(e -> e.getBytes(StandardCharsets.UTF_8))
            .sorted(Arrays::compareUnsigned)
            .toArray(byte[][]::new);
    return l;
  }

  SchemaNode node(JsonNode s, String path) {
    if (s.isBoolean()) {
      if (!s.booleanValue()) {
        throw bad(path, "the schema false admits no value");
      }
      return any();
    }
    if (!s.isObject()) {
      throw bad(path, "a schema must be an object or a boolean, not " + s.getNodeType());
    }
    for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (UNSUPPORTED.contains(k)) {
        throw bad(path, "keyword '" + k + "' is not supported by constrained decoding");
      }
    }
    if (s.path("uniqueItems").asBoolean(false)) {
      throw bad(path, "keyword 'uniqueItems: true' is not supported by constrained decoding");
    }
    if (s.has("$ref")) {
      requireAlone(s, path, "$ref");
      return ref(s.get("$ref").asText(), path);
    }
    if (s.has("enum") || s.has("const")) {
      return enumeration(s, path);
    }
    if (s.has("anyOf") || s.has("oneOf")) {
      String k = s.has("anyOf") ? "anyOf" : "oneOf";
      requireAlone(s, path, k);
      JsonNode alts = s.get(k);
      if (!alts.isArray() || alts.isEmpty()) {
        throw bad(path, k + " must be a non-empty array");
      }
      Union u = add(new Union());
      u.alternatives = new SchemaNode[alts.size()];
      for (int i = 0; i < alts.size(); i++) {
        u.alternatives[i] = node(alts.get(i), path + "/" + k + "/" + i);
      }
      return u;
    }
    List<String> types = types(s, path);
    if (types.isEmpty()) {
      return any();
    }
    if (types.size() == 1) {
      return typed(s, types.get(0), path);
    }
    Union u = add(new Union());
    u.alternatives = new SchemaNode[types.size()];
    for (int i = 0; i < types.size(); i++) {
      u.alternatives[i] = typed(s, types.get(i), path);
    }
    return u;
  }

  private static void requireAlone(JsonNode s, String path, String keyword) {
    for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!k.equals(keyword) && ASSERTIONS.contains(k)) {
        throw bad(path, "'" + keyword + "' next to '" + k + "' is not supported");
      }
    }
  }

  private List<String> types(JsonNode s, String path) {
    Set<String> types = new LinkedHashSet<>();
    JsonNode t = s.get("type");
    if (t == null) {
      if (s.has("properties") || s.has("required") || s.has("additionalProperties")) {
        types.add("object");
      } else if (s.has("items") || s.has("minItems") || s.has("maxItems")) {
        types.add("array");
      } else if (s.has("minLength") || s.has("maxLength") || s.has("pattern")) {
        types.add("string");
      } else if (s.has("minimum")
          || s.has("maximum")
          || s.has("exclusiveMinimum")
          || s.has("exclusiveMaximum")) {
        types.add("number");
      }
    } else if (t.isTextual()) {
      types.add(t.asText());
    } else if (t.isArray() && !t.isEmpty()) {
      t.forEach(x -> types.add(x.asText()));
    } else {
      throw bad(path, "'type' must be a string or a non-empty array");
    }
    if (types.contains("number")) {
      types.remove("integer"); // every integer is a number; two number alternatives would clash
    }
    return new ArrayList<>(types);
  }

  private SchemaNode typed(JsonNode s, String type, String path) {
    switch (type) {
      case "object":
        return object(s, path);
      case "array":
        return array(s, path);
      case "string":
        return string(s, path);
      case "integer":
      case "number":
        return number(s, type.equals("integer"), path);
      case "boolean":
        return literal(List.of("false", "true"));
      case "null":
        return literal(List.of("null"));
      default:
        throw bad(path, "unknown type '" + type + "'");
    }
  }

  private SchemaNode object(JsonNode s, String path) {
    JsonNode props = s.path("properties");
    if (!props.isMissingNode() && !props.isObject()) {
      throw bad(path, "'properties' must be an object");
    }
    JsonNode additional = s.get("additionalProperties");
    boolean closed = additional != null && additional.isBoolean() && !additional.booleanValue();
    Map<String, SchemaNode> declared = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = props.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      declared.put(e.getKey(), node(e.getValue(), path + "/properties/" + e.getKey()));
    }
    Set<String> required = new LinkedHashSet<>();
    JsonNode req = s.path("required");
    if (!req.isMissingNode()) {
      if (!req.isArray()) {
        throw bad(path, "'required' must be an array");
      }
      req.forEach(r -> required.add(r.asText()));
    }
    for (String r : required) {
      if (!declared.containsKey(r)) {
        if (closed) {
          throw bad(path, "required property '" + r + "' is not allowed by additionalProperties");
        }
        declared.put(
            r,
            additional == null || additional.isBoolean()
                ? any()
                : node(additional, path + "/additionalProperties"));
      }
    }
    if (declared.isEmpty()) {
      if (closed) {
        Obj o = add(new Obj());
        o.keys = new byte[0][];
        o.names = new String[0];
        o.values = new SchemaNode[0];
        return o;
      }
      return freeObject(
          additional == null || additional.isBoolean()
              ? any()
              : node(additional, path + "/additionalProperties"));
    }
    if (declared.size() > 64) {
      throw bad(path, "more than 64 properties are not supported");
    }
    Obj o = add(new Obj());
    setProperties(o, declared, required);
    return o;
  }

  private static void setProperties(Obj o, Map<String, SchemaNode> declared, Set<String> required) {
    List<String> names = new ArrayList<>(declared.keySet());
    names.sort((a, b) -> Arrays.compareUnsigned(keyBytes(a), keyBytes(b)));
    o.names = names.toArray(new String[0]);
    o.keys = names.stream().map(SchemaCompiler::keyBytes).toArray(byte[][]::new);
    o.values = names.stream().map(declared::get).toArray(SchemaNode[]::new);
    o.required = 0;
    for (int i = 0; i < names.size(); i++) {
      if (required.contains(names.get(i))) {
        o.required |= 1L << i;
      }
    }
  }

  /** JSON-escaped content of a string, without the quotes, as UTF-8. */
  static byte[] keyBytes(String name) {
    try {
      byte[] quoted = JSON.writeValueAsBytes(name);
      return Arrays.copyOfRange(quoted, 1, quoted.length - 1);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private SchemaNode array(JsonNode s, String path) {
    Arr a = add(new Arr());
    JsonNode items = s.get("items");
    if (items != null && items.isArray()) {
      throw bad(path, "tuple 'items' (an array of schemas) is not supported");
    }
    a.items = items == null ? any() : node(items, path + "/items");
    a.minItems = nonNegative(s, "minItems", 0, path);
    a.maxItems = nonNegative(s, "maxItems", Integer.MAX_VALUE, path);
    if (a.minItems > a.maxItems) {
      throw bad(path, "minItems " + a.minItems + " exceeds maxItems " + a.maxItems);
    }
    return a;
  }

  private static int nonNegative(JsonNode s, String key, int dflt, String path) {
    JsonNode v = s.get(key);
    if (v == null) {
      return dflt;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0) {
      throw bad(path, "'" + key + "' must be a non-negative integer, not " + v);
    }
    return v.asInt();
  }

  private SchemaNode string(JsonNode s, String path) {
    Str st = add(new Str());
    st.minLength = nonNegative(s, "minLength", 0, path);
    st.maxLength = nonNegative(s, "maxLength", Integer.MAX_VALUE, path);
    if (st.minLength > st.maxLength) {
      throw bad(path, "minLength " + st.minLength + " exceeds maxLength " + st.maxLength);
    }
    JsonNode pattern = s.get("pattern");
    if (pattern != null) {
      if (!pattern.isTextual()) {
        throw bad(path, "'pattern' must be a string");
      }
      st.dfa = PatternDfa.compile(pattern.asText());
      long bound = Math.min((long) st.maxLength, (long) st.minLength + st.dfa.states() + 1);
      if (bound > 100_000) {
        throw bad(path, "pattern with minLength/maxLength above 100000 is not supported");
      }
      st.reachBound = (int) bound;
      st.reach = st.dfa.reach(st.reachBound);
      if (!st.live(st.dfa.start, 0)) {
        throw bad(
            path, "no string matches pattern " + pattern.asText() + " within the length bounds");
      }
    }
    return st;
  }

  private SchemaNode number(JsonNode s, boolean integer, String path) {
    Num n = add(new Num());
    n.integer = integer;
    n.min = bound(s, "minimum", path);
    n.max = bound(s, "maximum", path);
    JsonNode exMin = s.get("exclusiveMinimum");
    if (exMin != null && exMin.isBoolean()) {
      n.exclusiveMin = exMin.booleanValue(); // draft 4: modifies minimum
    } else if (exMin != null) {
      BigDecimal v = bound(s, "exclusiveMinimum", path);
      if (n.min == null || v.compareTo(n.min) >= 0) {
        n.min = v;
        n.exclusiveMin = true;
      }
    }
    JsonNode exMax = s.get("exclusiveMaximum");
    if (exMax != null && exMax.isBoolean()) {
      n.exclusiveMax = exMax.booleanValue();
    } else if (exMax != null) {
      BigDecimal v = bound(s, "exclusiveMaximum", path);
      if (n.max == null || v.compareTo(n.max) <= 0) {
        n.max = v;
        n.exclusiveMax = true;
      }
    }
    String text = shortestNumber(n);
    if (text == null) {
      throw bad(path, "no number of at most 18 digits satisfies the bounds");
    }
    n.minBytes = text.length();
    n.firstByte = text.charAt(0);
    return n;
  }

  private static BigDecimal bound(JsonNode s, String key, String path) {
    JsonNode v = s.get(key);
    if (v == null) {
      return null;
    }
    if (!v.isNumber()) {
      throw bad(path, "'" + key + "' must be a number");
    }
    BigDecimal d = v.decimalValue();
    if (d.abs().compareTo(new BigDecimal("1e17")) > 0) {
      throw bad(path, "'" + key + "' beyond 1e17 is not supported");
    }
    if (Math.max(0, d.stripTrailingZeros().scale()) > 8) {
      throw bad(path, "'" + key + "' with more than 8 decimals is not supported");
    }
    return d;
  }

  /** The shortest in-range number text, or null. */
  static String shortestNumber(Num n) {
    String best = null;
    for (char c : "0123456789-".toCharArray()) {
      NumF f;
      if (c == '-') {
        f = new NumF(n, NumF.SIGN, true, 0, 0, 0, 0);
      } else if (c == '0') {
        f = new NumF(n, NumF.ZERO, false, 0, 1, 0, 0);
      } else {
        f = new NumF(n, NumF.INT, false, c - '0', 1, 0, 0);
      }
      if (!NumberRange.viable(f)) {
        continue;
      }
      String text = c + (f.endsWithoutByte() ? "" : NumberRange.shortestCompletion(f));
      if (best == null || text.length() < best.length()) {
        best = text;
      }
    }
    return best;
  }

  private SchemaNode ref(String pointer, String path) {
    Ref r = refs.get(pointer);
    if (r == null) {
      r = add(new Ref());
      r.pointer = pointer;
      refs.put(pointer, r);
      JsonNode target = resolvePointer(pointer, path);
      r.target = node(target, pointer);
    }
    return r;
  }

  private JsonNode resolvePointer(String pointer, String path) {
    if (!pointer.startsWith("#")) {
      throw bad(path, "only local $ref (#/$defs/...) is supported, not " + pointer);
    }
    JsonNode t = pointer.length() == 1 ? root : root.at(pointer.substring(1));
    if (t.isMissingNode()) {
      throw bad(path, "$ref " + pointer + " does not resolve");
    }
    return t;
  }

  private SchemaNode enumeration(JsonNode s, String path) {
    List<JsonNode> values = new ArrayList<>();
    if (s.has("const")) {
      values.add(s.get("const"));
    }
    if (s.has("enum")) {
      JsonNode e = s.get("enum");
      if (!e.isArray() || e.isEmpty()) {
        throw bad(path, "'enum' must be a non-empty array");
      }
      if (s.has("const")) {
        List<JsonNode> both = new ArrayList<>();
        e.forEach(
            v -> {
              if (v.equals(s.get("const"))) {
                both.add(v);
              }
            });
        values = both;
      } else {
        e.forEach(values::add);
      }
    }
    ObjectNode rest = ((ObjectNode) s).deepCopy();
    rest.remove("enum");
    rest.remove("const");
    boolean restAsserts = false;
    for (Iterator<String> it = rest.fieldNames(); it.hasNext(); ) {
      restAsserts |= ASSERTIONS.contains(it.next());
    }
    SchemaNode restNode = restAsserts ? node(rest, path) : null;
    List<String> encodings = new ArrayList<>();
    for (JsonNode v : values) {
      try {
        String enc = JSON.writeValueAsString(v);
        if (!encodings.contains(enc)) {
          encodings.add(enc);
        }
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    Lit l = literal(encodings);
    if (restNode != null) {
      pendingLiterals.add(new Object[] {l, restNode, path});
    }
    return l;
  }

  // ------------------------------------------------------------------ finishing

  private void finish(SchemaNode top) {
    computeLengths();
    if (!pendingLiterals.isEmpty()) {
      // enum values must also satisfy the schema's other keywords: keep the ones the recogniser
      // accepts for that rest-schema, then recompute lengths with the filtered lists
      indexUnions();
      for (Object[] p : pendingLiterals) {
        Lit l = (Lit) p[0];
        SchemaNode rest = (SchemaNode) p[1];
        l.literals = Arrays.stream(l.literals).filter(b -> accepts(rest, b)).toArray(byte[][]::new);
        if (l.literals.length == 0) {
          throw bad((String) p[2], "no enum/const value satisfies the rest of the schema");
        }
      }
      for (SchemaNode n : all) {
        if (!(n instanceof Num)) {
          n.minBytes = SchemaNode.INF;
          n.firstByte = -1;
        }
      }
      computeLengths();
    }
    for (SchemaNode n : all) {
      if (n instanceof Obj o && !o.freeKeys) {
        pruneInfiniteProperties(o);
      }
    }
    indexUnions();
    if (top.resolve().minBytes >= SchemaNode.INF) {
      throw new InvalidConstraintException("schema has no finite instance (required recursion)");
    }
  }

  private void indexUnions() {
    for (SchemaNode n : all) {
      if (n instanceof Union u) {
        indexUnion(u);
      }
    }
  }

  private static boolean accepts(SchemaNode node, byte[] bytes) {
    ParseStack s = new ParseStack(new Frame.Root(node, Frame.Root.BEFORE), null);
    for (byte b : bytes) {
      s = s.step(b & 0xFF);
      if (s == null) {
        return false;
      }
    }
    return Grammar.accepting(s);
  }

  private void computeLengths() {
    for (int round = 0; round < 100_000; round++) {
      boolean changed = false;
      for (SchemaNode n : all) {
        int before = n.minBytes;
        update(n);
        changed |= n.minBytes != before;
      }
      if (!changed) {
        return;
      }
    }
    throw new InvalidConstraintException("schema too deeply recursive");
  }

  private static int add(int a, int b) {
    return a >= SchemaNode.INF || b >= SchemaNode.INF
        ? SchemaNode.INF
        : Math.min(SchemaNode.INF, a + b);
  }

  private static void update(SchemaNode n) {
    if (n instanceof Obj o) {
      int len = 2;
      int k = 0;
      for (int i = 0; i < o.keys.length; i++) {
        if ((o.required & (1L << i)) != 0) {
          len = add(len, o.keys[i].length + 3 + (k++ > 0 ? 1 : 0));
          len = add(len, o.values[i].resolve().minBytes);
        }
      }
      set(n, len, '{');
    } else if (n instanceof Arr a) {
      int len = 2;
      if (a.minItems > 0) {
        long per = a.items.resolve().minBytes;
        len =
            per >= SchemaNode.INF
                ? SchemaNode.INF
                : (int) Math.min(SchemaNode.INF, 2 + (per + 1) * a.minItems - 1);
      }
      set(n, len, '[');
    } else if (n instanceof Str s) {
      int rest = s.dfa == null ? s.minLength : s.shortestRest(s.dfa.start, 0);
      set(n, 2 + rest, '"');
    } else if (n instanceof Lit l) {
      byte[] best = null;
      for (byte[] lit : l.literals) {
        if (best == null || lit.length < best.length) {
          best = lit;
        }
      }
      if (best != null) {
        set(n, best.length, best[0] & 0xFF);
      }
    } else if (n instanceof Union u) {
      SchemaNode best = null;
      for (SchemaNode a : u.alternatives) {
        SchemaNode r = a.resolve();
        if (r.minBytes < SchemaNode.INF && (best == null || r.minBytes < best.minBytes)) {
          best = r;
        }
      }
      if (best != null) {
        set(n, best.minBytes, best.firstByte);
      }
    } else if (n instanceof Ref r) {
      SchemaNode t = r.resolve();
      set(n, t.minBytes, t.firstByte);
    } else if (n instanceof Num num && num.minBytes >= SchemaNode.INF) {
      String text = shortestNumber(num);
      if (text != null) {
        set(n, text.length(), text.charAt(0));
      }
    }
  }

  private static void set(SchemaNode n, int len, int first) {
    if (len < n.minBytes) {
      n.minBytes = len;
      n.firstByte = first;
    }
  }

  private static void pruneInfiniteProperties(Obj o) {
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < o.keys.length; i++) {
      if (o.values[i].resolve().minBytes < SchemaNode.INF) {
        keep.add(i);
      }
    }
    if (keep.size() == o.keys.length) {
      return;
    }
    long req = 0;
    for (int j = 0; j < keep.size(); j++) {
      if ((o.required & (1L << keep.get(j))) != 0) {
        req |= 1L << j;
      }
    }
    o.keys = keep.stream().map(i -> o.keys[i]).toArray(byte[][]::new);
    o.names = keep.stream().map(i -> o.names[i]).toArray(String[]::new);
    o.values = keep.stream().map(i -> o.values[i]).toArray(SchemaNode[]::new);
    o.required = req;
  }

  private static void indexUnion(Union u) {
    Arrays.fill(u.byFirstByte, null);
    for (SchemaNode alt : u.alternatives) {
      SchemaNode r = alt.resolve();
      if (r.minBytes >= SchemaNode.INF) {
        continue;
      }
      boolean[] first = new boolean[256];
      firstBytes(r, first, new java.util.IdentityHashMap<>());
      for (int b = 0; b < 256; b++) {
        if (first[b]) {
          if (u.byFirstByte[b] != null && u.byFirstByte[b] != r) {
            throw new InvalidConstraintException(
                "schema: anyOf/oneOf/type alternatives must start with different JSON types;"
                    + " two can start with '"
                    + (char) b
                    + "'");
          }
          u.byFirstByte[b] = r;
        }
      }
    }
  }

  private static void firstBytes(SchemaNode n, boolean[] out, Map<SchemaNode, Boolean> seen) {
    n = n.resolve();
    if (seen.put(n, true) != null) {
      return;
    }
    if (n instanceof Obj) {
      out['{'] = true;
    } else if (n instanceof Arr) {
      out['['] = true;
    } else if (n instanceof Str) {
      out['"'] = true;
    } else if (n instanceof Num) {
      out['-'] = true;
      for (int d = '0'; d <= '9'; d++) {
        out[d] = true;
      }
    } else if (n instanceof Lit l) {
      for (byte[] lit : l.literals) {
        out[lit[0] & 0xFF] = true;
      }
    } else if (n instanceof Union u) {
      for (SchemaNode a : u.alternatives) {
        if (a.resolve().minBytes < SchemaNode.INF) {
          firstBytes(a, out, seen);
        }
      }
    }
  }
}
