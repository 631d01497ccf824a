package com.jsmai.node.chat;

import com.jsmai.node.chat.JinjaInterpreter.Env;
import com.jsmai.node.chat.JinjaInterpreter.JinjaError;
import com.jsmai.node.chat.JinjaValue.Arr;
import com.jsmai.node.chat.JinjaValue.Bool;
import com.jsmai.node.chat.JinjaValue.Fn;
import com.jsmai.node.chat.JinjaValue.Namespace;
import com.jsmai.node.chat.JinjaValue.Null;
import com.jsmai.node.chat.JinjaValue.Num;
import com.jsmai.node.chat.JinjaValue.Obj;
import com.jsmai.node.chat.JinjaValue.Str;
import com.jsmai.node.chat.JinjaValue.Undefined;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Methods of strings, lists and dicts ({@code s.startswith(...)}, {@code d.items()}) and the
 * filters, as the reference renderer defines them. Where the reference departs from Python Jinja
 * this follows the reference: {@code strip/lstrip/rstrip} ignore their argument and trim all
 * whitespace, {@code capitalize} leaves the rest of the string alone.
 */
final class JinjaBuiltins {
  private JinjaBuiltins() {}

  private static Fn fn(JinjaValue.Function f) {
    return new Fn(f);
  }

  private static JinjaValue arg(List<JinjaValue> args, int i) {
    return i < args.size() ? args.get(i) : null;
  }

  // ---------------------------------------------------------------- methods

  static JinjaValue stringMethod(Str self, String name) {
    String value = self.value();
    switch (name) {
      case "upper":
        return fn((a, e) -> JinjaValue.str(value.toUpperCase(Locale.ROOT)));
      case "lower":
        return fn((a, e) -> JinjaValue.str(value.toLowerCase(Locale.ROOT)));
      case "strip":
        return fn((a, e) -> JinjaValue.str(JsSemantics.trim(value)));
      case "lstrip":
        return fn((a, e) -> JinjaValue.str(JsSemantics.trimStart(value)));
      case "rstrip":
        return fn((a, e) -> JinjaValue.str(JsSemantics.trimEnd(value)));
      case "title":
        return fn((a, e) -> JinjaValue.str(titleCase(value)));
      case "capitalize":
        return fn((a, e) -> JinjaValue.str(capitalize(value)));
      case "length":
        return JinjaValue.integer(value.length());
      case "startswith":
      case "endswith":
        return fn((args, e) -> JinjaValue.bool(affix(name, value, args)));
      case "split":
        return fn((args, e) -> split(value, args));
      case "replace":
        return fn((args, e) -> replace(value, args));
      default:
        return null;
    }
  }

  private static boolean affix(String name, String value, List<JinjaValue> args) {
    if (args.isEmpty()) {
      throw new JinjaError(name + "() requires at least one argument");
    }
    boolean starts = name.equals("startswith");
    JinjaValue pattern = args.get(0);
    if (pattern instanceof Str p) {
      return starts ? value.startsWith(p.value()) : value.endsWith(p.value());
    } else if (pattern instanceof Arr arr) {
      for (JinjaValue item : arr.items()) {
        if (!(item instanceof Str s)) {
          throw new JinjaError(name + "() tuple elements must be strings");
        }
        if (starts ? value.startsWith(s.value()) : value.endsWith(s.value())) {
          return true;
        }
      }
      return false;
    }
    throw new JinjaError(name + "() argument must be a string or tuple of strings");
  }

  /** Python's {@code str.split(sep=None, maxsplit=-1)} as the reference implements it. */
  private static JinjaValue split(String value, List<JinjaValue> args) {
    JinjaValue sep = arg(args, 0) == null ? JinjaValue.NULL : args.get(0);
    if (!(sep instanceof Str) && !(sep instanceof Null)) {
      throw new JinjaError("sep argument must be a string or null");
    }
    JinjaValue maxsplitArg = arg(args, 1) == null ? JinjaValue.integer(-1) : args.get(1);
    if (!(maxsplitArg instanceof Num m) || !m.integer()) {
      throw new JinjaError("maxsplit argument must be a number");
    }
    double maxsplit = m.value();
    List<String> result = new ArrayList<>();
    if (sep instanceof Null) {
      String text = JsSemantics.trimStart(value);
      int i = 0;
      while (i < text.length()) {
        while (i < text.length() && JsSemantics.isWhitespace(text.charAt(i))) {
          i++;
        }
        if (i >= text.length()) {
          break;
        }
        int start = i;
        while (i < text.length() && !JsSemantics.isWhitespace(text.charAt(i))) {
          i++;
        }
        if (maxsplit != -1 && result.size() >= maxsplit) {
          result.add(text.substring(start));
          break;
        }
        result.add(text.substring(start, i));
      }
    } else {
      String s = ((Str) sep).value();
      if (s.isEmpty()) {
        throw new JinjaError("empty separator");
      }
      int from = 0;
      while (true) {
        int idx = value.indexOf(s, from);
        if (idx < 0) {
          result.add(value.substring(from));
          break;
        }
        result.add(value.substring(from, idx));
        from = idx + s.length();
      }
      if (maxsplit != -1 && result.size() > maxsplit) {
        int keep = (int) Math.max(0, maxsplit);
        String rest = String.join(s, result.subList(keep, result.size()));
        result = new ArrayList<>(result.subList(0, keep));
        result.add(rest);
      }
    }
    List<JinjaValue> parts = new ArrayList<>();
    for (String part : result) {
      parts.add(JinjaValue.str(part));
    }
    return JinjaValue.array(parts);
  }

  private static JinjaValue replace(String value, List<JinjaValue> args) {
    if (args.size() < 2) {
      throw new JinjaError("replace() requires at least two arguments");
    }
    if (!(args.get(0) instanceof Str oldValue) || !(args.get(1) instanceof Str newValue)) {
      throw new JinjaError("replace() arguments must be strings");
    }
    JinjaValue count = JinjaValue.NULL;
    if (args.size() > 2) {
      if (args.get(2) instanceof Obj o && o.kwargs()) {
        count = o.map().getOrDefault("count", JinjaValue.NULL);
      } else {
        count = args.get(2);
      }
    }
    if (!(count instanceof Num) && !(count instanceof Null)) {
      throw new JinjaError("replace() count argument must be a number or null");
    }
    double remaining =
        count instanceof Num n
            ? (n.value() < 0 ? Double.POSITIVE_INFINITY : n.value())
            : Double.POSITIVE_INFINITY;
    if (remaining == 0) {
      return JinjaValue.str(value);
    }
    String old = oldValue.value();
    String replacement = newValue.value();
    StringBuilder out = new StringBuilder();
    if (old.isEmpty()) {
      // An empty pattern matches before every code point and at the end.
      int i = 0;
      while (i < value.length()) {
        if (remaining > 0) {
          out.append(replacement);
          remaining--;
        }
        int cp = value.codePointAt(i);
        out.appendCodePoint(cp);
        i += Character.charCount(cp);
      }
      if (remaining > 0) {
        out.append(replacement);
      }
      return JinjaValue.str(out.toString());
    }
    int from = 0;
    while (remaining > 0) {
      int idx = value.indexOf(old, from);
      if (idx < 0) {
        break;
      }
      out.append(value, from, idx).append(replacement);
      from = idx + old.length();
      remaining--;
    }
    out.append(value.substring(from));
    return JinjaValue.str(out.toString());
  }

  private static String titleCase(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean wordStart =
          JsSemantics.isWordChar(c) && (i == 0 || !JsSemantics.isWordChar(value.charAt(i - 1)));
      out.append(wordStart ? String.valueOf(c).toUpperCase(Locale.ROOT) : String.valueOf(c));
    }
    return out.toString();
  }

  private static String capitalize(String value) {
    if (value.isEmpty()) {
      return value;
    }
    return String.valueOf(value.charAt(0)).toUpperCase(Locale.ROOT) + value.substring(1);
  }

  static JinjaValue arrayMethod(Arr self, String name) {
    return name.equals("length") ? JinjaValue.integer(self.items().size()) : null;
  }

  static JinjaValue objectMethod(Obj self, String name) {
    switch (name) {
      case "get":
        return fn(
            (args, e) -> {
              JinjaValue key = arg(args, 0);
              if (!(key instanceof Str k)) {
                throw new JinjaError(
                    "Object key must be a string: got "
                        + (key == null ? "UndefinedValue" : key.typeName()));
              }
              JinjaValue v = self.map().get(k.value());
              if (v != null) {
                return v;
              }
              return args.size() > 1 ? args.get(1) : JinjaValue.NULL;
            });
      case "items":
        return fn((args, e) -> items(self));
      case "keys":
        return fn(
            (args, e) -> {
              List<JinjaValue> keys = new ArrayList<>();
              self.map().keySet().forEach(k -> keys.add(JinjaValue.str(k)));
              return JinjaValue.array(keys);
            });
      case "values":
        return fn((args, e) -> JinjaValue.array(new ArrayList<>(self.map().values())));
      case "dictsort":
        return fn((args, e) -> dictsort(self, args));
      default:
        return null;
    }
  }

  private static Arr items(Obj self) {
    List<JinjaValue> pairs = new ArrayList<>();
    for (Map.Entry<String, JinjaValue> e : self.map().entrySet()) {
      pairs.add(
          JinjaValue.array(new ArrayList<>(List.of(JinjaValue.str(e.getKey()), e.getValue()))));
    }
    return JinjaValue.array(pairs);
  }

  private static JinjaValue dictsort(Obj self, List<JinjaValue> args) {
    LinkedHashMap<String, JinjaValue> kwargs = new LinkedHashMap<>();
    List<JinjaValue> positional = new ArrayList<>();
    for (JinjaValue a : args) {
      if (a instanceof Obj o && o.kwargs()) {
        kwargs = o.map();
      } else {
        positional.add(a);
      }
    }
    JinjaValue caseSensitive = pick(positional, 0, kwargs, "case_sensitive", JinjaValue.FALSE);
    if (!(caseSensitive instanceof Bool cs)) {
      throw new JinjaError("case_sensitive must be a boolean");
    }
    JinjaValue by = pick(positional, 1, kwargs, "by", JinjaValue.str("key"));
    if (!(by instanceof Str b)) {
      throw new JinjaError("by must be a string");
    }
    if (!b.value().equals("key") && !b.value().equals("value")) {
      throw new JinjaError("by must be either 'key' or 'value'");
    }
    JinjaValue reverse = pick(positional, 2, kwargs, "reverse", JinjaValue.FALSE);
    if (!(reverse instanceof Bool r)) {
      throw new JinjaError("reverse must be a boolean");
    }
    int index = b.value().equals("key") ? 0 : 1;
    List<JinjaValue> pairs = new ArrayList<>(items(self).items());
    pairs.sort(
        (x, y) -> {
          int c = compare(((Arr) x).items().get(index), ((Arr) y).items().get(index), cs.value());
          return r.value() ? -c : c;
        });
    return JinjaValue.array(pairs);
  }

  private static JinjaValue pick(
      List<JinjaValue> positional,
      int i,
      Map<String, JinjaValue> kwargs,
      String name,
      JinjaValue fallback) {
    if (i < positional.size()) {
      return positional.get(i);
    }
    JinjaValue v = kwargs.get(name);
    return v != null ? v : fallback;
  }

  /** The reference's compareRuntimeValues: numbers (and booleans) with numbers, strings. */
  static int compare(JinjaValue a, JinjaValue b, boolean caseSensitive) {
    if (a instanceof Null && b instanceof Null) {
      return 0;
    }
    if (a instanceof Null || b instanceof Null) {
      throw new JinjaError("Cannot compare " + a.typeName() + " with " + b.typeName());
    }
    if (a instanceof Undefined && b instanceof Undefined) {
      return 0;
    }
    if (a instanceof Undefined || b instanceof Undefined) {
      throw new JinjaError("Cannot compare " + a.typeName() + " with " + b.typeName());
    }
    boolean aNum = a instanceof Num || a instanceof Bool;
    boolean bNum = b instanceof Num || b instanceof Bool;
    if (aNum && bNum) {
      double x = a instanceof Bool ab ? (ab.value() ? 1 : 0) : ((Num) a).value();
      double y = b instanceof Bool bb ? (bb.value() ? 1 : 0) : ((Num) b).value();
      return x < y ? -1 : x > y ? 1 : 0;
    }
    if (!a.typeName().equals(b.typeName())) {
      throw new JinjaError(
          "Cannot compare different types: " + a.typeName() + " and " + b.typeName());
    }
    if (a instanceof Str x && b instanceof Str y) {
      String s = caseSensitive ? x.value() : x.value().toLowerCase(Locale.ROOT);
      String t = caseSensitive ? y.value() : y.value().toLowerCase(Locale.ROOT);
      return Integer.signum(s.compareTo(t));
    }
    throw new JinjaError("Cannot compare type: " + a.typeName());
  }

  // ---------------------------------------------------------------- filters without arguments

  static JinjaValue simpleFilter(String name, JinjaValue operand, Env env) {
    if (name.equals("safe")) {
      return operand;
    }
    if (name.equals("tojson")) {
      return JinjaValue.str(JinjaJson.toJson(operand, JinjaJson.Options.DEFAULT, 0, true));
    }
    if (operand instanceof Arr a) {
      List<JinjaValue> items = a.items();
      switch (name) {
        case "list":
          return operand;
        case "first":
          return items.isEmpty() ? JinjaValue.UNDEFINED : items.get(0);
        case "last":
          return items.isEmpty() ? JinjaValue.UNDEFINED : items.get(items.size() - 1);
        case "length":
          return JinjaValue.integer(items.size());
        case "reverse":
          {
            List<JinjaValue> reversed = new ArrayList<>(items);
            java.util.Collections.reverse(reversed);
            return JinjaValue.array(reversed);
          }
        case "sort":
          {
            List<JinjaValue> sorted = new ArrayList<>(items);
            sorted.sort((x, y) -> compare(x, y, false));
            return JinjaValue.array(sorted);
          }
        case "join":
          {
            StringBuilder sb = new StringBuilder();
            for (JinjaValue x : items) {
              sb.append(joinPart(x));
            }
            return JinjaValue.str(sb.toString());
          }
        case "string":
          return JinjaValue.str(JinjaJson.toJson(operand, JinjaJson.Options.DEFAULT, 0, false));
        case "unique":
          {
            List<JinjaValue> output = new ArrayList<>();
            for (JinjaValue item : items) {
              boolean seen = false;
              for (JinjaValue o : output) {
                if (sameValueZero(o, item)) {
                  seen = true;
                  break;
                }
              }
              if (!seen) {
                output.add(item);
              }
            }
            return JinjaValue.array(output);
          }
        default:
          throw new JinjaError("Unknown ArrayValue filter: " + name);
      }
    } else if (operand instanceof Str s) {
      String value = s.value();
      switch (name) {
        case "length":
          return JinjaValue.integer(value.length());
        case "upper":
          return JinjaValue.str(value.toUpperCase(Locale.ROOT));
        case "lower":
          return JinjaValue.str(value.toLowerCase(Locale.ROOT));
        case "title":
          return JinjaValue.str(titleCase(value));
        case "capitalize":
          return JinjaValue.str(capitalize(value));
        case "trim":
          return JinjaValue.str(JsSemantics.trim(value));
        case "indent":
          return JinjaValue.str(indent(value, 4, false, false));
        case "join":
        case "string":
          return operand;
        case "int":
          {
            double v = JsSemantics.parseInt(value);
            return JinjaValue.integer(Double.isNaN(v) ? 0 : v);
          }
        case "float":
          {
            double v = JsSemantics.parseFloat(value);
            return JinjaValue.floating(Double.isNaN(v) ? 0.0 : v);
          }
        default:
          throw new JinjaError("Unknown StringValue filter: " + name);
      }
    } else if (operand instanceof Num n) {
      switch (name) {
        case "abs":
          return new Num(Math.abs(n.value()), n.integer());
        case "int":
          return JinjaValue.integer(Math.floor(n.value()));
        case "float":
          return JinjaValue.floating(n.value());
        case "string":
          return JinjaValue.str(operand.render());
        default:
          throw new JinjaError("Unknown NumericValue filter: " + name);
      }
    } else if (operand instanceof Obj o) {
      switch (name) {
        case "items":
          return items(o);
        case "length":
          return JinjaValue.integer(o.map().size());
        default:
          {
            JinjaValue builtin = objectMethod(o, name);
            if (builtin instanceof Fn f) {
              return f.function().call(List.of(), env);
            }
            throw new JinjaError("Unknown ObjectValue filter: " + name);
          }
      }
    } else if (operand instanceof Bool b) {
      switch (name) {
        case "bool":
          return operand;
        case "int":
          return JinjaValue.integer(b.value() ? 1 : 0);
        case "float":
          return JinjaValue.floating(b.value() ? 1.0 : 0.0);
        case "string":
          return JinjaValue.str(b.value() ? "true" : "false");
        default:
          throw new JinjaError("Unknown BooleanValue filter: " + name);
      }
    }
    throw new JinjaError("Cannot apply filter \"" + name + "\" to type: " + operand.typeName());
  }

  /** JavaScript's Array.prototype.join of an element's host value. */
  private static String joinPart(JinjaValue x) {
    if (x instanceof Null || x instanceof Undefined) {
      return "";
    }
    return x.hostString();
  }

  /** Set membership in JavaScript (SameValueZero) on host values. */
  private static boolean sameValueZero(JinjaValue a, JinjaValue b) {
    if (a instanceof Num x && b instanceof Num y) {
      return x.value() == y.value() || (Double.isNaN(x.value()) && Double.isNaN(y.value()));
    }
    return JinjaInterpreter.strictEquals(a, b);
  }

  private static String indent(String value, int width, boolean first, boolean blank) {
    String pad = " ".repeat(width);
    String[] lines = value.split("\n", -1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        out.append('\n');
      }
      String x = lines[i];
      boolean skip = (!first && i == 0) || (!blank && x.isEmpty());
      out.append(skip ? x : pad + x);
    }
    return out.toString();
  }

  // ---------------------------------------------------------------- filters with arguments

  static JinjaValue callFilter(
      String name,
      JinjaValue operand,
      List<JinjaValue> args,
      LinkedHashMap<String, JinjaValue> kwargs,
      Env env) {
    switch (name) {
      case "tojson":
        return tojson(operand, kwargs);
      case "join":
        {
          List<String> parts = new ArrayList<>();
          if (operand instanceof Str s) {
            s.value().codePoints().forEach(cp -> parts.add(new String(Character.toChars(cp))));
          } else if (operand instanceof Arr a) {
            a.items().forEach(x -> parts.add(joinPart(x)));
          } else {
            throw new JinjaError("Cannot apply filter \"join\" to type: " + operand.typeName());
          }
          JinjaValue separator = pick(args, 0, kwargs, "separator", JinjaValue.str(""));
          if (!(separator instanceof Str sep)) {
            throw new JinjaError("separator must be a string");
          }
          return JinjaValue.str(String.join(sep.value(), parts));
        }
      case "int":
      case "float":
        {
          boolean isInt = name.equals("int");
          JinjaValue defaultValue =
              pick(
                  args,
                  0,
                  kwargs,
                  "default",
                  isInt ? JinjaValue.integer(0) : JinjaValue.floating(0.0));
          if (operand instanceof Str s) {
            double v = isInt ? JsSemantics.parseInt(s.value()) : JsSemantics.parseFloat(s.value());
            return Double.isNaN(v) ? defaultValue : new Num(v, isInt);
          } else if (operand instanceof Num) {
            return operand;
          } else if (operand instanceof Bool b) {
            return new Num(b.value() ? 1 : 0, isInt);
          }
          throw new JinjaError(
              "Cannot apply filter \"" + name + "\" to type: " + operand.typeName());
        }
      case "default":
        {
          JinjaValue defaultValue = args.isEmpty() ? JinjaValue.str("") : args.get(0);
          JinjaValue booleanValue = pick(args, 1, kwargs, "boolean", JinjaValue.FALSE);
          if (!(booleanValue instanceof Bool bv)) {
            throw new JinjaError("`default` filter flag must be a boolean");
          }
          if (operand instanceof Undefined || (bv.value() && !operand.truthy())) {
            return defaultValue;
          }
          return operand;
        }
      default:
        break;
    }
    if (operand instanceof Arr a) {
      switch (name) {
        case "sort":
          return sort(a, args, kwargs);
        case "selectattr":
        case "rejectattr":
          return selectAttr(name, a, args);
        case "map":
          return mapAttribute(a, kwargs);
        default:
          throw new JinjaError("Unknown ArrayValue filter: " + name);
      }
    } else if (operand instanceof Str s) {
      switch (name) {
        case "indent":
          {
            JinjaValue width = pick(args, 0, kwargs, "width", JinjaValue.integer(4));
            if (!(width instanceof Num w) || !w.integer()) {
              throw new JinjaError("width must be a number");
            }
            JinjaValue first = pick(args, 1, kwargs, "first", JinjaValue.FALSE);
            JinjaValue blank = pick(args, 2, kwargs, "blank", JinjaValue.FALSE);
            return JinjaValue.str(
                indent(s.value(), (int) w.value(), first.truthy(), blank.truthy()));
          }
        case "replace":
          {
            List<JinjaValue> all = new ArrayList<>(args);
            all.add(new Obj(kwargs, true));
            return replace(s.value(), all);
          }
        default:
          throw new JinjaError("Unknown StringValue filter: " + name);
      }
    } else if (operand instanceof Obj o) {
      JinjaValue builtin = objectMethod(o, name);
      if (builtin instanceof Fn f) {
        List<JinjaValue> all = new ArrayList<>(args);
        if (!kwargs.isEmpty()) {
          all.add(new Obj(kwargs, true));
        }
        return f.function().call(all, env);
      }
      throw new JinjaError("Unknown ObjectValue filter: " + name);
    }
    throw new JinjaError("Cannot apply filter \"" + name + "\" to type: " + operand.typeName());
  }

  private static JinjaValue tojson(JinjaValue operand, Map<String, JinjaValue> kwargs) {
    JinjaValue indent = kwargs.getOrDefault("indent", JinjaValue.NULL);
    if (!(indent instanceof Null) && !(indent instanceof Num n && n.integer())) {
      throw new JinjaError("If set, indent must be a number");
    }
    JinjaValue ensureAscii = kwargs.getOrDefault("ensure_ascii", JinjaValue.FALSE);
    if (!(ensureAscii instanceof Bool ea)) {
      throw new JinjaError("If set, ensure_ascii must be a boolean");
    }
    JinjaValue sortKeys = kwargs.getOrDefault("sort_keys", JinjaValue.FALSE);
    if (!(sortKeys instanceof Bool sk)) {
      throw new JinjaError("If set, sort_keys must be a boolean");
    }
    JinjaValue separatorsArg = kwargs.getOrDefault("separators", JinjaValue.NULL);
    String itemSep = null;
    String keySep = null;
    if (separatorsArg instanceof Arr sa) {
      if (sa.items().size() != 2
          || !(sa.items().get(0) instanceof Str i)
          || !(sa.items().get(1) instanceof Str k)) {
        throw new JinjaError("separators must be a tuple of two strings");
      }
      itemSep = i.value();
      keySep = k.value();
    } else if (!(separatorsArg instanceof Null)) {
      throw new JinjaError("If set, separators must be a tuple of two strings");
    }
    Integer indentValue = indent instanceof Num n ? (int) n.value() : null;
    return JinjaValue.str(
        JinjaJson.toJson(
            operand,
            new JinjaJson.Options(indentValue, ea.value(), itemSep, keySep, sk.value()),
            0,
            true));
  }

  private static JinjaValue sort(Arr a, List<JinjaValue> args, Map<String, JinjaValue> kwargs) {
    JinjaValue reverse = pick(args, 0, kwargs, "reverse", JinjaValue.FALSE);
    if (!(reverse instanceof Bool r)) {
      throw new JinjaError("reverse must be a boolean");
    }
    JinjaValue caseSensitive = pick(args, 1, kwargs, "case_sensitive", JinjaValue.FALSE);
    if (!(caseSensitive instanceof Bool cs)) {
      throw new JinjaError("case_sensitive must be a boolean");
    }
    JinjaValue attribute = pick(args, 2, kwargs, "attribute", JinjaValue.NULL);
    if (!(attribute instanceof Str)
        && !(attribute instanceof Num n && n.integer())
        && !(attribute instanceof Null)) {
      throw new JinjaError("attribute must be a string, integer, or null");
    }
    Comparator<JinjaValue> cmp =
        (x, y) -> {
          JinjaValue xv = attribute instanceof Null ? x : attributeValue(x, attribute.hostString());
          JinjaValue yv = attribute instanceof Null ? y : attributeValue(y, attribute.hostString());
          int c = compare(xv, yv, cs.value());
          return r.value() ? -c : c;
        };
    List<JinjaValue> sorted = new ArrayList<>(a.items());
    sorted.sort(cmp);
    return JinjaValue.array(sorted);
  }

  /** Dotted attribute path ("details.priority", "items.0") as the reference resolves it. */
  private static JinjaValue attributeValue(JinjaValue item, String path) {
    JinjaValue value = item;
    for (String part : path.split("\\.", -1)) {
      if (value instanceof Obj o) {
        value = o.map().getOrDefault(part, JinjaValue.UNDEFINED);
      } else if (value instanceof Namespace n) {
        value = n.map().getOrDefault(part, JinjaValue.UNDEFINED);
      } else if (value instanceof Arr arr) {
        double index = JsSemantics.parseInt(part);
        if (!Double.isNaN(index) && index >= 0 && index < arr.items().size()) {
          value = arr.items().get((int) index);
        } else {
          return JinjaValue.UNDEFINED;
        }
      } else {
        return JinjaValue.UNDEFINED;
      }
    }
    return value;
  }

  private static JinjaValue selectAttr(String name, Arr a, List<JinjaValue> args) {
    boolean select = name.equals("selectattr");
    for (JinjaValue item : a.items()) {
      if (!(item instanceof Obj) && !(item instanceof Namespace)) {
        throw new JinjaError("`" + name + "` can only be applied to array of objects");
      }
    }
    if (args.isEmpty()) {
      throw new JinjaError("`" + name + "` requires an attribute name");
    }
    String attr = ((Str) args.get(0)).value();
    String testName = args.size() > 1 ? ((Str) args.get(1)).value() : null;
    JinjaValue value = args.size() > 2 ? args.get(2) : JinjaValue.UNDEFINED;
    if (testName != null && !JinjaInterpreter.TESTS.contains(testName)) {
      throw new JinjaError("Unknown test: " + testName);
    }
    List<JinjaValue> filtered = new ArrayList<>();
    for (JinjaValue item : a.items()) {
      Map<String, JinjaValue> map = item instanceof Obj o ? o.map() : ((Namespace) item).map();
      JinjaValue v = map.get(attr);
      boolean result =
          v != null && (testName == null ? v.truthy() : JinjaInterpreter.test(testName, v, value));
      if (select == result) {
        filtered.add(item);
      }
    }
    return JinjaValue.array(filtered);
  }

  private static JinjaValue mapAttribute(Arr a, Map<String, JinjaValue> kwargs) {
    if (!kwargs.containsKey("attribute")) {
      throw new JinjaError(
          "`map` expressions without `attribute` set are not currently supported.");
    }
    if (!(kwargs.get("attribute") instanceof Str attr)) {
      throw new JinjaError("attribute must be a string");
    }
    JinjaValue defaultValue = kwargs.get("default");
    List<JinjaValue> mapped = new ArrayList<>();
    for (JinjaValue item : a.items()) {
      if (!(item instanceof Obj) && !(item instanceof Namespace)) {
        throw new JinjaError("items in map must be an object");
      }
      JinjaValue v = attributeValue(item, attr.value());
      mapped.add(
          v instanceof Undefined
              ? (defaultValue != null ? defaultValue : JinjaValue.UNDEFINED)
              : v);
    }
    return JinjaValue.array(mapped);
  }
}
