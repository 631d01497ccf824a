package com.jsmai.node.chat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A runtime value of the template interpreter. The kinds mirror the reference renderer's runtime
 * values (IntegerValue, FloatValue, StringValue, ...) because printing, truthiness and equality
 * must follow it exactly. Containers are mutable only through {@code namespace} assignment.
 */
sealed interface JinjaValue {

  Undefined UNDEFINED = new Undefined();
  Null NULL = new Null();
  Bool TRUE = new Bool(true);
  Bool FALSE = new Bool(false);

  /** A number; {@code integer} is the reference's IntegerValue vs FloatValue distinction. */
  record Num(double value, boolean integer) implements JinjaValue {}

  record Str(String value) implements JinjaValue {}

  record Bool(boolean value) implements JinjaValue {}

  record Null() implements JinjaValue {}

  record Undefined() implements JinjaValue {}

  /**
   * A mapping; {@code kwargs} marks the keyword-argument bundle passed as a call's last argument.
   */
  record Obj(LinkedHashMap<String, JinjaValue> map, boolean kwargs) implements JinjaValue {}

  /** The result of {@code namespace(...)}: attribute access and assignment, no mapping methods. */
  record Namespace(LinkedHashMap<String, JinjaValue> map) implements JinjaValue {}

  record Arr(List<JinjaValue> items, boolean tuple) implements JinjaValue {}

  record Fn(Function function) implements JinjaValue {}

  /** A callable: builtin, method bound to a value, or macro. */
  @FunctionalInterface
  interface Function {
    JinjaValue call(List<JinjaValue> args, JinjaInterpreter.Env scope);
  }

  static Bool bool(boolean b) {
    return b ? TRUE : FALSE;
  }

  static Num integer(double v) {
    return new Num(v, true);
  }

  static Num floating(double v) {
    return new Num(v, false);
  }

  static Str str(String s) {
    return new Str(s);
  }

  static Arr array(List<JinjaValue> items) {
    return new Arr(items, false);
  }

  static Obj object(LinkedHashMap<String, JinjaValue> map) {
    return new Obj(map, false);
  }

  /** The reference's type name, used in error messages. */
  default String typeName() {
    if (this instanceof Num n) {
      return n.integer() ? "IntegerValue" : "FloatValue";
    } else if (this instanceof Str) {
      return "StringValue";
    } else if (this instanceof Bool) {
      return "BooleanValue";
    } else if (this instanceof Null) {
      return "NullValue";
    } else if (this instanceof Undefined) {
      return "UndefinedValue";
    } else if (this instanceof Obj o) {
      return o.kwargs() ? "KeywordArgumentsValue" : "ObjectValue";
    } else if (this instanceof Namespace) {
      return "NamespaceValue";
    } else if (this instanceof Arr a) {
      return a.tuple() ? "TupleValue" : "ArrayValue";
    }
    return "FunctionValue";
  }

  /** Python-like truthiness as the reference computes it ({@code __bool__}). */
  default boolean truthy() {
    if (this instanceof Num n) {
      return n.value() != 0 && !Double.isNaN(n.value());
    } else if (this instanceof Str s) {
      return !s.value().isEmpty();
    } else if (this instanceof Bool b) {
      return b.value();
    } else if (this instanceof Null || this instanceof Undefined) {
      return false;
    } else if (this instanceof Obj o) {
      return !o.map().isEmpty();
    } else if (this instanceof Arr a) {
      return !a.items().isEmpty();
    }
    return true; // namespace, function
  }

  /** How a value prints in template output ({@code RuntimeValue.toString()}). */
  default String render() {
    if (this instanceof Num n) {
      if (n.integer()) {
        return JsSemantics.numberToString(n.value());
      }
      double v = n.value();
      if (v == 0 && 1 / v < 0) {
        return "-0.0";
      }
      return v % 1 == 0 ? JsSemantics.integralToFixed1(v) : JsSemantics.numberToString(v);
    } else if (this instanceof Str s) {
      return s.value();
    } else if (this instanceof Bool b) {
      return b.value() ? "true" : "false";
    } else if (this instanceof Null) {
      return "null";
    } else if (this instanceof Undefined) {
      return "undefined";
    } else if (this instanceof Fn) {
      throw new JinjaInterpreter.JinjaError("cannot print a function value");
    }
    return JinjaJson.toJson(this, JinjaJson.Options.DEFAULT, 0, false);
  }

  /**
   * The JavaScript {@code String(value.value)} of the underlying host value, used by {@code +} and
   * {@code ~} concatenation: floats print without ".0", arrays join their elements with ",".
   */
  default String hostString() {
    if (this instanceof Num n) {
      return JsSemantics.numberToString(n.value());
    } else if (this instanceof Arr a) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < a.items().size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(a.items().get(i).render());
      }
      return sb.toString();
    } else if (this instanceof Obj || this instanceof Namespace) {
      return "[object Map]";
    }
    return render();
  }

  /**
   * Converts JSON into runtime values the way {@code JSON.parse} followed by the reference's
   * conversion does: integral numbers become integers, and object keys that are array indices ("0",
   * "1", ...) come first in ascending order, then the others in insertion order (the property order
   * of JavaScript objects).
   */
  static JinjaValue fromJson(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return UNDEFINED;
    }
    switch (node.getNodeType()) {
      case NULL:
        return NULL;
      case BOOLEAN:
        return bool(node.booleanValue());
      case NUMBER:
        {
          double d = node.doubleValue();
          boolean integral = !Double.isInfinite(d) && !Double.isNaN(d) && d == Math.rint(d);
          return new Num(d, integral);
        }
      case STRING:
        return str(node.textValue());
      case ARRAY:
        {
          List<JinjaValue> items = new ArrayList<>(node.size());
          for (JsonNode child : node) {
            items.add(fromJson(child));
          }
          return array(items);
        }
      case OBJECT:
        {
          TreeMap<Long, String> indexKeys = new TreeMap<>();
          List<String> otherKeys = new ArrayList<>();
          for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            long index = arrayIndex(key);
            if (index >= 0) {
              indexKeys.put(index, key);
            } else {
              otherKeys.add(key);
            }
          }
          LinkedHashMap<String, JinjaValue> map = new LinkedHashMap<>();
          for (String key : indexKeys.values()) {
            map.put(key, fromJson(node.get(key)));
          }
          for (String key : otherKeys) {
            map.put(key, fromJson(node.get(key)));
          }
          return object(map);
        }
      default:
        throw new IllegalArgumentException("unsupported JSON node: " + node.getNodeType());
    }
  }

  /** The key as an ECMAScript array index (canonical decimal below 2^32 - 1), or -1. */
  private static long arrayIndex(String key) {
    if (key.isEmpty() || key.length() > 10) {
      return -1;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
    }
    if (key.length() > 1 && key.charAt(0) == '0') {
      return -1;
    }
    long v = Long.parseLong(key);
    return v < 4294967295L ? v : -1;
  }

  /** Converts plain Java values (String, Number, Boolean, Map, List, null) into runtime values. */
  static JinjaValue fromJava(Object o) {
    if (o == null) {
      return NULL;
    }
    if (o instanceof JinjaValue v) {
      return v;
    }
    if (o instanceof JsonNode n) {
      return fromJson(n);
    }
    if (o instanceof String s) {
      return str(s);
    }
    if (o instanceof Boolean b) {
      return bool(b);
    }
    if (o instanceof Number n) {
      double d = n.doubleValue();
      return new Num(d, !Double.isInfinite(d) && d == Math.rint(d));
    }
    if (o instanceof Map<?, ?> m) {
      LinkedHashMap<String, JinjaValue> map = new LinkedHashMap<>();
      m.forEach((k, v) -> map.put(String.valueOf(k), fromJava(v)));
      return object(map);
    }
    if (o instanceof List<?> l) {
      List<JinjaValue> items = new ArrayList<>();
      l.forEach(v -> items.add(fromJava(v)));
      return array(items);
    }
    throw new IllegalArgumentException(
        "cannot pass a " + o.getClass().getName() + " to a template");
  }
}
