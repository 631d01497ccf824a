package com.jsmai.node.chat;

import com.jsmai.node.chat.JinjaNode.Identifier;
import com.jsmai.node.chat.JinjaValue.Arr;
import com.jsmai.node.chat.JinjaValue.Bool;
import com.jsmai.node.chat.JinjaValue.Fn;
import com.jsmai.node.chat.JinjaValue.Namespace;
import com.jsmai.node.chat.JinjaValue.Null;
import com.jsmai.node.chat.JinjaValue.Num;
import com.jsmai.node.chat.JinjaValue.Obj;
import com.jsmai.node.chat.JinjaValue.Str;
import com.jsmai.node.chat.JinjaValue.Undefined;
import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Tree-walking evaluator, a port of the reference renderer's runtime. Its semantics are
 * JavaScript-flavoured where the reference's are (loose {@code ==}, {@code strip()} ignoring its
 * argument, {@code loop} variables, scoping of {@code set} inside {@code for}), because rendering
 * must be byte-identical to it.
 *
 * <p>Not thread-safe; create one per render.
 */
final class JinjaInterpreter {

  /** A template error; {@code offset} is the position in the template, or -1 when unknown. */
  static final class JinjaError extends RuntimeException {
    int offset;
    final boolean raised;

    JinjaError(String message) {
      this(message, -1, false);
    }

    JinjaError(String message, int offset) {
      this(message, offset, false);
    }

    JinjaError(String message, int offset, boolean raised) {
      super(message);
      this.offset = offset;
      this.raised = raised;
    }
  }

  private static final class BreakControl extends RuntimeException {
    BreakControl() {
      super(null, null, false, false);
    }
  }

  private static final class ContinueControl extends RuntimeException {
    ContinueControl() {
      super(null, null, false, false);
    }
  }

  /** A variable scope; lookups walk to the parent. */
  static final class Env {
    final Env parent;
    final Map<String, JinjaValue> variables = new HashMap<>();

    Env(Env parent) {
      this.parent = parent;
    }

    void set(String name, JinjaValue value) {
      variables.put(name, value);
    }

    /** Declares a render argument; the reference refuses to redeclare a name (e.g. a global). */
    void declare(String name, JinjaValue value) {
      if (variables.containsKey(name)) {
        throw new JinjaError("Variable already declared: " + name);
      }
      variables.put(name, value);
    }

    JinjaValue lookup(String name) {
      for (Env e = this; e != null; e = e.parent) {
        JinjaValue v = e.variables.get(name);
        if (v != null) {
          return v;
        }
      }
      return JinjaValue.UNDEFINED;
    }
  }

  /** The global scope every render starts from: constants and builtin functions. */
  static Env globals() {
    Env env = new Env(null);
    env.set("namespace", new Fn(JinjaInterpreter::namespace));
    env.declare("false", JinjaValue.FALSE);
    env.declare("true", JinjaValue.TRUE);
    env.declare("none", JinjaValue.NULL);
    env.declare(
        "raise_exception",
        new Fn(
            (args, scope) -> {
              String message = args.isEmpty() ? "undefined" : hostValueString(args.get(0));
              throw new JinjaError(message, -1, true);
            }));
    env.declare("range", new Fn(JinjaInterpreter::range));
    env.declare("strftime_now", new Fn(JinjaInterpreter::strftimeNow));
    env.declare("True", JinjaValue.TRUE);
    env.declare("False", JinjaValue.FALSE);
    env.declare("None", JinjaValue.NULL);
    return env;
  }

  /** {@code String(x.value)} of an argument passed to a host function. */
  private static String hostValueString(JinjaValue v) {
    if (v instanceof Undefined) {
      return "undefined";
    }
    if (v instanceof Null) {
      return "null";
    }
    return v.hostString();
  }

  String run(JinjaNode.Program program, Env env) {
    return evaluateBlock(program.body(), env).value();
  }

  // ---------------------------------------------------------------- evaluation

  JinjaValue evaluate(JinjaNode node, Env env) {
    if (node == null) {
      return JinjaValue.UNDEFINED;
    }
    try {
      return evaluateUnchecked(node, env);
    } catch (JinjaError e) {
      if (e.offset < 0) {
        e.offset = node.offset();
      }
      throw e;
    } catch (ArithmeticException | IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new JinjaError(e.getMessage(), node.offset());
    }
  }

  private JinjaValue evaluateUnchecked(JinjaNode node, Env env) {
    if (node instanceof JinjaNode.Program p) {
      return evaluateBlock(p.body(), env);
    } else if (node instanceof JinjaNode.Set s) {
      return evaluateSet(s, env);
    } else if (node instanceof JinjaNode.If i) {
      return evaluateBlock(evaluate(i.test(), env).truthy() ? i.body() : i.alternate(), env);
    } else if (node instanceof JinjaNode.For f) {
      return evaluateFor(f, env);
    } else if (node instanceof JinjaNode.Macro m) {
      return evaluateMacro(m, env);
    } else if (node instanceof JinjaNode.CallStatement c) {
      return evaluateCallStatement(c, env);
    } else if (node instanceof JinjaNode.Break) {
      throw new BreakControl();
    } else if (node instanceof JinjaNode.Continue) {
      throw new ContinueControl();
    } else if (node instanceof JinjaNode.IntegerLiteral l) {
      return JinjaValue.integer(l.value());
    } else if (node instanceof JinjaNode.FloatLiteral l) {
      return JinjaValue.floating(l.value());
    } else if (node instanceof JinjaNode.StringLiteral l) {
      return JinjaValue.str(l.value());
    } else if (node instanceof JinjaNode.ArrayLiteral l) {
      List<JinjaValue> items = new ArrayList<>();
      for (JinjaNode x : l.value()) {
        items.add(evaluate(x, env));
      }
      return JinjaValue.array(items);
    } else if (node instanceof JinjaNode.TupleLiteral l) {
      List<JinjaValue> items = new ArrayList<>();
      for (JinjaNode x : l.value()) {
        items.add(evaluate(x, env));
      }
      return new Arr(items, true);
    } else if (node instanceof JinjaNode.ObjectLiteral l) {
      LinkedHashMap<String, JinjaValue> mapping = new LinkedHashMap<>();
      for (Map.Entry<JinjaNode, JinjaNode> e : l.value()) {
        JinjaValue key = evaluate(e.getKey(), env);
        if (!(key instanceof Str k)) {
          throw new JinjaError("Object keys must be strings: got " + key.typeName());
        }
        mapping.put(k.value(), evaluate(e.getValue(), env));
      }
      return JinjaValue.object(mapping);
    } else if (node instanceof Identifier id) {
      return env.lookup(id.value());
    } else if (node instanceof JinjaNode.Call c) {
      return evaluateCall(c, env);
    } else if (node instanceof JinjaNode.Member m) {
      return evaluateMember(m, env);
    } else if (node instanceof JinjaNode.Unary u) {
      return evaluateUnary(u, env);
    } else if (node instanceof JinjaNode.Binary b) {
      return evaluateBinary(b, env);
    } else if (node instanceof JinjaNode.Filter f) {
      return applyFilter(evaluate(f.operand(), env), f.filter(), env);
    } else if (node instanceof JinjaNode.FilterStatement f) {
      return applyFilter(evaluateBlock(f.body(), env), f.filter(), env);
    } else if (node instanceof JinjaNode.Test t) {
      JinjaValue operand = evaluate(t.operand(), env);
      boolean result = test(t.test().value(), operand, null);
      return JinjaValue.bool(t.negate() != result);
    } else if (node instanceof JinjaNode.Select s) {
      if (!evaluate(s.test(), env).truthy()) {
        return JinjaValue.UNDEFINED;
      }
      return evaluate(s.lhs(), env);
    } else if (node instanceof JinjaNode.Ternary t) {
      return evaluate(t.condition(), env).truthy()
          ? evaluate(t.trueExpr(), env)
          : evaluate(t.falseExpr(), env);
    } else if (node instanceof JinjaNode.Comment) {
      return JinjaValue.NULL;
    }
    throw new JinjaError("Unknown node type: " + node.getClass().getSimpleName());
  }

  private Str evaluateBlock(List<JinjaNode> statements, Env env) {
    StringBuilder result = new StringBuilder();
    for (JinjaNode statement : statements) {
      JinjaValue v = evaluate(statement, env);
      if (!(v instanceof Null) && !(v instanceof Undefined)) {
        try {
          result.append(v.render());
        } catch (JinjaError e) {
          if (e.offset < 0) {
            e.offset = statement.offset();
          }
          throw e;
        }
      }
    }
    return JinjaValue.str(result.toString());
  }

  // ---------------------------------------------------------------- operators

  private JinjaValue evaluateBinary(JinjaNode.Binary node, Env env) {
    JinjaValue left = evaluate(node.left(), env);
    String op = node.operator();
    if (op.equals("and")) {
      return left.truthy() ? evaluate(node.right(), env) : left;
    }
    if (op.equals("or")) {
      return left.truthy() ? left : evaluate(node.right(), env);
    }
    JinjaValue right = evaluate(node.right(), env);
    if (op.equals("==")) {
      return JinjaValue.bool(looseEquals(left, right));
    }
    if (op.equals("!=")) {
      return JinjaValue.bool(!looseEquals(left, right));
    }

    if (left instanceof Undefined || right instanceof Undefined) {
      if (right instanceof Undefined && (op.equals("in") || op.equals("not in"))) {
        return JinjaValue.bool(op.equals("not in"));
      }
      throw new JinjaError("Cannot perform operation " + op + " on undefined values");
    } else if (left instanceof Null || right instanceof Null) {
      throw new JinjaError("Cannot perform operation on null values");
    } else if (op.equals("~")) {
      return JinjaValue.str(left.hostString() + right.hostString());
    } else if (op.equals("**") && isNumericLike(left) && isNumericLike(right)) {
      double a = numericValue(left);
      double b = numericValue(right);
      if (a == 0 && b < 0) {
        throw new JinjaError("0.0 cannot be raised to a negative power");
      }
      double result = Math.pow(a, b);
      if (Double.isNaN(result) || Double.isInfinite(result)) {
        throw new JinjaError("Exponentiation result is not a finite real number");
      }
      boolean isFloat = isFloat(left) || isFloat(right) || b < 0;
      return new Num(result, !isFloat);
    } else if (left instanceof Num l && right instanceof Num r) {
      double a = l.value();
      double b = r.value();
      boolean isFloat = !l.integer() || !r.integer();
      switch (op) {
        case "+":
          return new Num(a + b, !isFloat);
        case "-":
          return new Num(a - b, !isFloat);
        case "*":
          return new Num(a * b, !isFloat);
        case "/":
          return JinjaValue.floating(a / b);
        case "//":
          return new Num(Math.floor(a / b), !isFloat);
        case "%":
          return new Num(a % b, !isFloat);
        case "<":
          return JinjaValue.bool(a < b);
        case ">":
          return JinjaValue.bool(a > b);
        case ">=":
          return JinjaValue.bool(a >= b);
        case "<=":
          return JinjaValue.bool(a <= b);
        default:
          break;
      }
    } else if (left instanceof Arr l && right instanceof Arr r) {
      if (op.equals("+")) {
        List<JinjaValue> items = new ArrayList<>(l.items());
        items.addAll(r.items());
        return JinjaValue.array(items);
      }
    } else if (right instanceof Arr r) {
      boolean member = false;
      for (JinjaValue x : r.items()) {
        if (strictEquals(x, left)) {
          member = true;
          break;
        }
      }
      if (op.equals("in")) {
        return JinjaValue.bool(member);
      } else if (op.equals("not in")) {
        return JinjaValue.bool(!member);
      }
    }

    if ((left instanceof Str || right instanceof Str) && op.equals("+")) {
      return JinjaValue.str(left.hostString() + right.hostString());
    }
    if (left instanceof Str l && right instanceof Str r) {
      if (op.equals("in")) {
        return JinjaValue.bool(r.value().contains(l.value()));
      } else if (op.equals("not in")) {
        return JinjaValue.bool(!r.value().contains(l.value()));
      }
    }
    if (left instanceof Str l && right instanceof Obj r) {
      if (op.equals("in")) {
        return JinjaValue.bool(r.map().containsKey(l.value()));
      } else if (op.equals("not in")) {
        return JinjaValue.bool(!r.map().containsKey(l.value()));
      }
    }
    throw new JinjaError(
        "Unknown operator \"" + op + "\" between " + left.typeName() + " and " + right.typeName());
  }

  private static boolean isNumericLike(JinjaValue v) {
    return v instanceof Num || v instanceof Bool;
  }

  private static boolean isFloat(JinjaValue v) {
    return v instanceof Num n && !n.integer();
  }

  private static double numericValue(JinjaValue v) {
    return v instanceof Bool b ? (b.value() ? 1 : 0) : ((Num) v).value();
  }

  /** JavaScript {@code ===} on the values' host representations (containers by identity). */
  static boolean strictEquals(JinjaValue a, JinjaValue b) {
    if (a instanceof Num x && b instanceof Num y) {
      return x.value() == y.value();
    }
    if (a instanceof Str x && b instanceof Str y) {
      return x.value().equals(y.value());
    }
    if (a instanceof Bool x && b instanceof Bool y) {
      return x.value() == y.value();
    }
    if (a instanceof Null && b instanceof Null) {
      return true;
    }
    if (a instanceof Undefined && b instanceof Undefined) {
      return true;
    }
    Object ha = hostIdentity(a);
    Object hb = hostIdentity(b);
    return ha != null && ha == hb;
  }

  private static Object hostIdentity(JinjaValue v) {
    if (v instanceof Obj o) {
      return o.map();
    } else if (v instanceof Namespace n) {
      return n.map();
    } else if (v instanceof Arr a) {
      return a.items();
    } else if (v instanceof Fn f) {
      return f.function();
    }
    return null;
  }

  /** JavaScript {@code ==} (Abstract Equality) on the values' host representations. */
  static boolean looseEquals(JinjaValue a, JinjaValue b) {
    boolean aNullish = a instanceof Null || a instanceof Undefined;
    boolean bNullish = b instanceof Null || b instanceof Undefined;
    if (aNullish || bNullish) {
      return aNullish && bNullish;
    }
    if (a.getClass() == b.getClass() || (hostIdentity(a) != null && hostIdentity(b) != null)) {
      return strictEquals(a, b);
    }
    if (a instanceof Bool x) {
      return looseEquals(JinjaValue.integer(x.value() ? 1 : 0), b);
    }
    if (b instanceof Bool y) {
      return looseEquals(a, JinjaValue.integer(y.value() ? 1 : 0));
    }
    if (a instanceof Num x && b instanceof Str y) {
      return x.value() == JsSemantics.stringToNumber(y.value());
    }
    if (a instanceof Str x && b instanceof Num y) {
      return JsSemantics.stringToNumber(x.value()) == y.value();
    }
    // A container against a primitive: compare its ToPrimitive string.
    if (hostIdentity(a) != null && !(a instanceof Fn)) {
      return looseEquals(JinjaValue.str(a.hostString()), b);
    }
    if (hostIdentity(b) != null && !(b instanceof Fn)) {
      return looseEquals(a, JinjaValue.str(b.hostString()));
    }
    return false;
  }

  private JinjaValue evaluateUnary(JinjaNode.Unary node, Env env) {
    JinjaValue argument = evaluate(node.argument(), env);
    switch (node.operator()) {
      case "not":
        return JinjaValue.bool(!argument.truthy());
      case "+":
      case "-":
        {
          int sign = node.operator().equals("-") ? -1 : 1;
          if (argument instanceof Num n) {
            return new Num(sign * n.value(), n.integer());
          } else if (argument instanceof Bool b) {
            return JinjaValue.integer(sign * (b.value() ? 1 : 0));
          }
          throw new JinjaError(
              "Unknown operator \"" + node.operator() + "\" for " + argument.typeName());
        }
      default:
        throw new JinjaError("Unknown operator: " + node.operator());
    }
  }

  // ---------------------------------------------------------------- calls and members

  private record Arguments(List<JinjaValue> positional, LinkedHashMap<String, JinjaValue> kwargs) {}

  private Arguments evaluateArguments(List<JinjaNode> args, Env env) {
    List<JinjaValue> positional = new ArrayList<>();
    LinkedHashMap<String, JinjaValue> kwargs = new LinkedHashMap<>();
    for (JinjaNode argument : args) {
      if (argument instanceof JinjaNode.Spread s) {
        JinjaValue val = evaluate(s.argument(), env);
        if (!(val instanceof Arr a)) {
          throw new JinjaError("Cannot unpack non-iterable type: " + val.typeName());
        }
        positional.addAll(a.items());
      } else if (!(argument instanceof JinjaNode.KeywordArgument)
          && !(argument instanceof JinjaNode.KeywordSpread)) {
        positional.add(evaluate(argument, env));
      }
    }
    for (JinjaNode argument : args) {
      if (argument instanceof JinjaNode.KeywordArgument kw) {
        addKeyword(kwargs, kw.key().value(), evaluate(kw.value(), env));
      } else if (argument instanceof JinjaNode.KeywordSpread s) {
        JinjaValue val = evaluate(s.argument(), env);
        if (!(val instanceof Obj o)) {
          throw new JinjaError("Argument after ** must be a mapping, not " + val.typeName());
        }
        o.map().forEach((k, v) -> addKeyword(kwargs, k, v));
      }
    }
    return new Arguments(positional, kwargs);
  }

  private static void addKeyword(Map<String, JinjaValue> kwargs, String key, JinjaValue value) {
    if (kwargs.containsKey(key)) {
      throw new JinjaError("Got multiple values for keyword argument '" + key + "'");
    }
    kwargs.put(key, value);
  }

  private JinjaValue evaluateCall(JinjaNode.Call expr, Env env) {
    Arguments a = evaluateArguments(expr.args(), env);
    List<JinjaValue> args = a.positional();
    if (!a.kwargs().isEmpty()) {
      args.add(new Obj(a.kwargs(), true));
    }
    JinjaValue fn = evaluate(expr.callee(), env);
    if (!(fn instanceof Fn f)) {
      throw new JinjaError(
          "Cannot call something that is not a function: got "
              + fn.typeName()
              + describeCallee(expr.callee()));
    }
    return f.function().call(args, env);
  }

  private static String describeCallee(JinjaNode callee) {
    if (callee instanceof JinjaNode.Member m
        && !m.computed()
        && m.property() instanceof Identifier id) {
      return " (calling ." + id.value() + "())";
    } else if (callee instanceof Identifier id) {
      return " (calling " + id.value() + "())";
    }
    return "";
  }

  private JinjaValue evaluateSlice(JinjaValue object, JinjaNode.Slice expr, Env env) {
    if (!(object instanceof Arr) && !(object instanceof Str)) {
      throw new JinjaError("Slice object must be an array or string");
    }
    JinjaValue start = evaluate(expr.start(), env);
    JinjaValue stop = evaluate(expr.stop(), env);
    JinjaValue step = evaluate(expr.step(), env);
    Double startV = sliceBound(start, "start");
    Double stopV = sliceBound(stop, "stop");
    Double stepV = sliceBound(step, "step");
    if (object instanceof Arr a) {
      return JinjaValue.array(slice(a.items(), startV, stopV, stepV));
    }
    String s = ((Str) object).value();
    List<String> codePoints = new ArrayList<>();
    s.codePoints().forEach(cp -> codePoints.add(new String(Character.toChars(cp))));
    return JinjaValue.str(String.join("", slice(codePoints, startV, stopV, stepV)));
  }

  private static Double sliceBound(JinjaValue v, String name) {
    if (v instanceof Undefined) {
      return null;
    }
    if (v instanceof Num n && n.integer()) {
      return n.value();
    }
    throw new JinjaError("Slice " + name + " must be numeric or undefined");
  }

  /** Python slicing as the reference implements it. */
  static <T> List<T> slice(List<T> array, Double startArg, Double stopArg, Double stepArg) {
    double step = stepArg == null ? 1 : stepArg;
    int length = array.size();
    double start;
    double stop;
    if (step >= 0) {
      start = startArg == null ? 0 : startArg;
      start = start < 0 ? Math.max(length + start, 0) : Math.min(start, length);
      stop = stopArg == null ? length : stopArg;
      stop = stop < 0 ? Math.max(length + stop, 0) : Math.min(stop, length);
    } else {
      start = startArg == null ? length - 1 : startArg;
      start = start < 0 ? Math.max(length + start, -1) : Math.min(start, length - 1);
      stop = stopArg == null ? -1 : stopArg;
      stop = stop < -1 ? Math.max(length + stop, -1) : Math.min(stop, length - 1);
    }
    double direction = Math.signum(step);
    List<T> result = new ArrayList<>();
    if (step == 0) {
      // The reference loops forever on a zero step (with a non-empty range); refuse instead.
      if (start < stop) {
        throw new JinjaError("slice step cannot be zero");
      }
      return result;
    }
    for (double i = start; direction * i < direction * stop; i += step) {
      result.add(array.get((int) i));
    }
    return result;
  }

  private JinjaValue evaluateMember(JinjaNode.Member expr, Env env) {
    JinjaValue object = evaluate(expr.object(), env);
    JinjaValue property;
    if (expr.computed()) {
      if (expr.property() instanceof JinjaNode.Slice s) {
        return evaluateSlice(object, s, env);
      }
      property = evaluate(expr.property(), env);
    } else if (expr.property() instanceof JinjaNode.IntegerLiteral l) {
      property = JinjaValue.integer(l.value());
    } else {
      property = JinjaValue.str(((Identifier) expr.property()).value());
    }
    return member(object, property);
  }

  static JinjaValue member(JinjaValue object, JinjaValue property) {
    JinjaValue value = null;
    if (object instanceof Obj || object instanceof Namespace) {
      if (!(property instanceof Str p)) {
        throw new JinjaError("Cannot access property with non-string: got " + property.typeName());
      }
      Map<String, JinjaValue> map = object instanceof Obj o ? o.map() : ((Namespace) object).map();
      value = map.get(p.value());
      if (value == null && object instanceof Obj o) {
        value = JinjaBuiltins.objectMethod(o, p.value());
      }
    } else if (object instanceof Arr || object instanceof Str) {
      if (property instanceof Num n && n.integer()) {
        int index = (int) n.value();
        if (object instanceof Str s) {
          int i = index < 0 ? s.value().length() + index : index;
          value =
              i >= 0 && i < s.value().length()
                  ? JinjaValue.str(String.valueOf(s.value().charAt(i)))
                  : null;
        } else {
          List<JinjaValue> items = ((Arr) object).items();
          int i = index < 0 ? items.size() + index : index;
          value = i >= 0 && i < items.size() ? items.get(i) : null;
        }
      } else if (property instanceof Str p) {
        value =
            object instanceof Str s
                ? JinjaBuiltins.stringMethod(s, p.value())
                : JinjaBuiltins.arrayMethod((Arr) object, p.value());
      } else {
        throw new JinjaError(
            "Cannot access property with non-string/non-number: got " + property.typeName());
      }
    } else {
      if (!(property instanceof Str)) {
        throw new JinjaError("Cannot access property with non-string: got " + property.typeName());
      }
    }
    return value == null ? JinjaValue.UNDEFINED : value;
  }

  // ---------------------------------------------------------------- statements

  private JinjaValue evaluateSet(JinjaNode.Set node, Env env) {
    JinjaValue rhs =
        node.value() != null ? evaluate(node.value(), env) : evaluateBlock(node.body(), env);
    if (node.assignee() instanceof Identifier id) {
      env.set(id.value(), rhs);
    } else if (node.assignee() instanceof JinjaNode.TupleLiteral tuple) {
      if (!(rhs instanceof Arr arr)) {
        throw new JinjaError("Cannot unpack non-iterable type in set: " + rhs.typeName());
      }
      if (arr.items().size() != tuple.value().size()) {
        throw new JinjaError(
            "Too "
                + (tuple.value().size() > arr.items().size() ? "few" : "many")
                + " items to unpack in set");
      }
      for (int i = 0; i < tuple.value().size(); i++) {
        if (!(tuple.value().get(i) instanceof Identifier elem)) {
          throw new JinjaError("Cannot unpack to non-identifier in set");
        }
        env.set(elem.value(), arr.items().get(i));
      }
    } else if (node.assignee() instanceof JinjaNode.Member member) {
      JinjaValue object = evaluate(member.object(), env);
      if (!(object instanceof Namespace ns)) {
        throw new JinjaError("cannot assign attribute on non-namespace object");
      }
      if (!(member.property() instanceof Identifier prop)) {
        throw new JinjaError("Cannot assign to member with non-identifier property");
      }
      ns.map().put(prop.value(), rhs);
    } else {
      throw new JinjaError("Invalid LHS inside assignment expression");
    }
    return JinjaValue.NULL;
  }

  private JinjaValue evaluateFor(JinjaNode.For node, Env env) {
    Env scope = new Env(env);
    JinjaNode test = null;
    JinjaValue iterable;
    if (node.iterable() instanceof JinjaNode.Select select) {
      iterable = evaluate(select.lhs(), scope);
      test = select.test();
    } else {
      iterable = evaluate(node.iterable(), scope);
    }
    List<JinjaValue> values;
    if (iterable instanceof Arr a) {
      values = a.items();
    } else if (iterable instanceof Obj o) {
      values = new ArrayList<>();
      for (String k : o.map().keySet()) {
        values.add(JinjaValue.str(k));
      }
    } else {
      throw new JinjaError(
          "Expected iterable or object type in for loop: got " + iterable.typeName());
    }

    List<JinjaValue> items = new ArrayList<>();
    for (JinjaValue current : values) {
      if (test != null) {
        Env loopScope = new Env(scope);
        bindLoopVariable(node.loopVar(), current, loopScope);
        if (!evaluate(test, loopScope).truthy()) {
          continue;
        }
      } else {
        checkUnpackable(node.loopVar(), current);
      }
      items.add(current);
    }

    StringBuilder result = new StringBuilder();
    boolean noIteration = true;
    for (int i = 0; i < items.size(); i++) {
      LinkedHashMap<String, JinjaValue> loop = new LinkedHashMap<>();
      loop.put("index", JinjaValue.integer(i + 1));
      loop.put("index0", JinjaValue.integer(i));
      loop.put("revindex", JinjaValue.integer(items.size() - i));
      loop.put("revindex0", JinjaValue.integer(items.size() - i - 1));
      loop.put("first", JinjaValue.bool(i == 0));
      loop.put("last", JinjaValue.bool(i == items.size() - 1));
      loop.put("length", JinjaValue.integer(items.size()));
      loop.put("previtem", i > 0 ? items.get(i - 1) : JinjaValue.UNDEFINED);
      loop.put("nextitem", i < items.size() - 1 ? items.get(i + 1) : JinjaValue.UNDEFINED);
      scope.set("loop", JinjaValue.object(loop));
      bindLoopVariable(node.loopVar(), items.get(i), scope);
      try {
        result.append(evaluateBlock(node.body(), scope).value());
      } catch (ContinueControl c) {
        continue; // like the reference, a continued iteration does not count as "iterated"
      } catch (BreakControl b) {
        break;
      }
      noIteration = false;
    }
    if (noIteration) {
      result.append(evaluateBlock(node.defaultBlock(), scope).value());
    }
    return JinjaValue.str(result.toString());
  }

  private static void checkUnpackable(JinjaNode loopVar, JinjaValue current) {
    if (loopVar instanceof JinjaNode.TupleLiteral tuple) {
      // The reference only unpacks lists (a tuple's type name is not "ArrayValue").
      if (!(current instanceof Arr c) || c.tuple()) {
        throw new JinjaError("Cannot unpack non-iterable type: " + current.typeName());
      }
      if (tuple.value().size() != c.items().size()) {
        throw new JinjaError(
            "Too "
                + (tuple.value().size() > c.items().size() ? "few" : "many")
                + " items to unpack");
      }
    }
  }

  private static void bindLoopVariable(JinjaNode loopVar, JinjaValue current, Env scope) {
    if (loopVar instanceof Identifier id) {
      scope.set(id.value(), current);
    } else if (loopVar instanceof JinjaNode.TupleLiteral tuple) {
      checkUnpackable(loopVar, current);
      Arr c = (Arr) current;
      for (int j = 0; j < tuple.value().size(); j++) {
        if (!(tuple.value().get(j) instanceof Identifier elem)) {
          throw new JinjaError("Cannot unpack non-identifier type");
        }
        scope.set(elem.value(), c.items().get(j));
      }
    } else {
      throw new JinjaError("Invalid loop variable(s)");
    }
  }

  private static String parameterName(JinjaNode p) {
    return p instanceof Identifier id ? id.value() : ((JinjaNode.KeywordArgument) p).key().value();
  }

  private static JinjaNode parameterDefault(JinjaNode p) {
    return p instanceof JinjaNode.KeywordArgument kw ? kw.value() : null;
  }

  /**
   * Whether the body reads {@code kwargs} / {@code varargs}. Simplification of the reference, which
   * also checks that the name is read before being assigned: here any identifier use counts.
   */
  private static Set<String> specialArguments(List<JinjaNode> parameters, List<JinjaNode> body) {
    Set<String> declared = new HashSet<>();
    for (JinjaNode p : parameters) {
      declared.add(parameterName(p));
    }
    Set<String> found = new HashSet<>();
    collectIdentifiers(body, found);
    Set<String> result = new HashSet<>();
    for (String name : List.of("kwargs", "varargs")) {
      if (found.contains(name) && !declared.contains(name)) {
        result.add(name);
      }
    }
    return result;
  }

  private static void collectIdentifiers(Object node, Set<String> found) {
    if (node instanceof List<?> list) {
      for (Object o : list) {
        collectIdentifiers(o, found);
      }
    } else if (node instanceof Map.Entry<?, ?> e) {
      collectIdentifiers(e.getKey(), found);
      collectIdentifiers(e.getValue(), found);
    } else if (node instanceof Identifier id) {
      found.add(id.value());
    } else if (node instanceof Record r) {
      for (var component : r.getClass().getRecordComponents()) {
        try {
          collectIdentifiers(component.getAccessor().invoke(r), found);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  private void bindMacroArguments(
      String displayName,
      List<JinjaNode> parameters,
      Set<String> special,
      List<JinjaValue> args,
      Env scope) {
    List<JinjaValue> positional = new ArrayList<>(args);
    LinkedHashMap<String, JinjaValue> keyword = new LinkedHashMap<>();
    if (!positional.isEmpty()
        && positional.get(positional.size() - 1) instanceof Obj o
        && o.kwargs()) {
      positional.remove(positional.size() - 1);
      keyword.putAll(o.map());
    }
    List<Map.Entry<String, JinjaNode>> pendingDefaults = new ArrayList<>();
    for (int i = 0; i < parameters.size(); i++) {
      String name = parameterName(parameters.get(i));
      JinjaNode defaultValue = parameterDefault(parameters.get(i));
      JinjaValue value = i < positional.size() ? positional.get(i) : null;
      if (value == null && keyword.containsKey(name)) {
        value = keyword.remove(name);
      }
      if (value == null && defaultValue != null) {
        pendingDefaults.add(Map.entry(name, defaultValue));
      }
      scope.set(name, value == null ? JinjaValue.UNDEFINED : value);
    }
    if (special.contains("kwargs")) {
      scope.set("kwargs", JinjaValue.object(keyword));
    } else if (!keyword.isEmpty()) {
      throw new JinjaError(
          "macro "
              + displayName
              + " takes no keyword argument '"
              + keyword.keySet().iterator().next()
              + "'");
    }
    if (special.contains("varargs")) {
      scope.set(
          "varargs",
          JinjaValue.array(
              positional.size() > parameters.size()
                  ? new ArrayList<>(positional.subList(parameters.size(), positional.size()))
                  : new ArrayList<>()));
    } else if (positional.size() > parameters.size()) {
      throw new JinjaError(
          "macro " + displayName + " takes not more than " + parameters.size() + " argument(s)");
    }
    for (Map.Entry<String, JinjaNode> e : pendingDefaults) {
      scope.set(e.getKey(), evaluate(e.getValue(), scope));
    }
  }

  private JinjaValue evaluateMacro(JinjaNode.Macro node, Env env) {
    Set<String> special = specialArguments(node.args(), node.body());
    env.set(
        node.name().value(),
        new Fn(
            (args, scope) -> {
              Env macroScope = new Env(scope);
              bindMacroArguments(
                  "'" + node.name().value() + "'", node.args(), special, args, macroScope);
              return evaluateBlock(node.body(), macroScope);
            }));
    return JinjaValue.NULL;
  }

  private JinjaValue evaluateCallStatement(JinjaNode.CallStatement node, Env env) {
    List<JinjaNode> parameters = node.callerArgs() == null ? List.of() : node.callerArgs();
    Set<String> special = specialArguments(parameters, node.body());
    Fn caller =
        new Fn(
            (callerArgs, ignored) -> {
              Env callBlockEnv = new Env(env);
              bindMacroArguments("None", parameters, special, callerArgs, callBlockEnv);
              return evaluateBlock(node.body(), callBlockEnv);
            });
    Arguments a = evaluateArguments(node.call().args(), env);
    List<JinjaValue> macroArgs = a.positional();
    macroArgs.add(new Obj(a.kwargs(), true));
    JinjaValue fn = evaluate(node.call().callee(), env);
    if (!(fn instanceof Fn f)) {
      throw new JinjaError("Cannot call something that is not a function: got " + fn.typeName());
    }
    Env newEnv = new Env(env);
    newEnv.set("caller", caller);
    return f.function().call(macroArgs, newEnv);
  }

  // ---------------------------------------------------------------- tests and filters

  static final Set<String> TESTS =
      Set.of(
          "boolean",
          "callable",
          "odd",
          "even",
          "false",
          "true",
          "none",
          "string",
          "number",
          "integer",
          "iterable",
          "mapping",
          "sequence",
          "lower",
          "upper",
          "defined",
          "undefined",
          "equalto",
          "eq");

  static boolean test(String name, JinjaValue operand, JinjaValue other) {
    switch (name) {
      case "boolean":
        return operand instanceof Bool;
      case "callable":
        return operand instanceof Fn;
      case "odd":
      case "even":
        {
          if (!(operand instanceof Num n) || !n.integer()) {
            throw new JinjaError("cannot " + name + " on " + operand.typeName());
          }
          boolean even = n.value() % 2 == 0;
          return name.equals("even") == even;
        }
      case "false":
        return operand instanceof Bool b && !b.value();
      case "true":
        return operand instanceof Bool b && b.value();
      case "none":
        return operand instanceof Null;
      case "string":
        return operand instanceof Str;
      case "number":
        return operand instanceof Num;
      case "integer":
        return operand instanceof Num n && n.integer();
      case "iterable":
        return (operand instanceof Arr a && !a.tuple()) || operand instanceof Str;
      case "mapping":
        return operand instanceof Obj;
      case "sequence":
        return operand instanceof Arr || operand instanceof Obj || operand instanceof Str;
      case "lower":
        return operand instanceof Str s && s.value().equals(s.value().toLowerCase(Locale.ROOT));
      case "upper":
        return operand instanceof Str s && s.value().equals(s.value().toUpperCase(Locale.ROOT));
      case "defined":
        return !(operand instanceof Undefined);
      case "undefined":
        return operand instanceof Undefined;
      case "equalto":
      case "eq":
        return strictEquals(operand, other == null ? JinjaValue.UNDEFINED : other);
      default:
        throw new JinjaError("Unknown test: " + name);
    }
  }

  private JinjaValue applyFilter(JinjaValue operand, JinjaNode filterNode, Env env) {
    if (filterNode instanceof Identifier filter) {
      return JinjaBuiltins.simpleFilter(filter.value(), operand, env);
    }
    JinjaNode.Call call = (JinjaNode.Call) filterNode;
    if (!(call.callee() instanceof Identifier callee)) {
      throw new JinjaError("Unknown filter: " + call.callee().getClass().getSimpleName());
    }
    String name = callee.value();
    if (name.equals("selectattr") || name.equals("rejectattr")) {
      // The reference requires literal string arguments and evaluates them itself.
      for (JinjaNode a : call.args()) {
        if (!(a instanceof JinjaNode.StringLiteral)) {
          throw new JinjaError("arguments of `" + name + "` must be strings");
        }
      }
    }
    Arguments a = evaluateArguments(call.args(), env);
    return JinjaBuiltins.callFilter(name, operand, a.positional(), a.kwargs(), env);
  }

  // ---------------------------------------------------------------- global functions

  private static JinjaValue namespace(List<JinjaValue> args, Env scope) {
    List<JinjaValue> positional = new ArrayList<>(args);
    Obj kwargs = null;
    if (!positional.isEmpty()
        && positional.get(positional.size() - 1) instanceof Obj o
        && o.kwargs()) {
      kwargs = (Obj) positional.remove(positional.size() - 1);
    }
    if (positional.size() > 1) {
      throw new JinjaError("namespace expected at most 1 argument, got " + positional.size());
    }
    LinkedHashMap<String, JinjaValue> entries = new LinkedHashMap<>();
    if (positional.size() == 1) {
      JinjaValue source = positional.get(0);
      if (source instanceof Obj o) {
        entries.putAll(o.map());
      } else if (source instanceof Arr arr) {
        for (JinjaValue pair : arr.items()) {
          List<JinjaValue> values = null;
          if (pair instanceof Arr p) {
            values = p.items();
          } else if (pair instanceof Str s) {
            values = new ArrayList<>();
            for (int cp : s.value().codePoints().toArray()) {
              values.add(JinjaValue.str(new String(Character.toChars(cp))));
            }
          }
          if (values == null || values.size() != 2) {
            throw new JinjaError(
                "namespace expected an object or an iterable of [key, value] pairs");
          }
          if (!(values.get(0) instanceof Str key)) {
            throw new JinjaError("namespace keys must be strings");
          }
          entries.put(key.value(), values.get(1));
        }
      } else {
        throw new JinjaError("'" + source.typeName() + "' object is not iterable");
      }
    }
    if (kwargs != null) {
      entries.putAll(kwargs.map());
    }
    return new Namespace(entries);
  }

  /** {@code range(stop)} / {@code range(start, stop[, step])} over the arguments' host numbers. */
  private static JinjaValue range(List<JinjaValue> args, Env scope) {
    double start;
    double stop;
    double step = 1;
    List<Double> nums = new ArrayList<>();
    for (JinjaValue v : args) {
      if (!(v instanceof Num n)) {
        throw new JinjaError("range() arguments must be numbers, got " + v.typeName());
      }
      nums.add(n.value());
    }
    if (nums.isEmpty()) {
      throw new JinjaError("range expected at least 1 argument");
    }
    if (nums.size() == 1) {
      start = 0;
      stop = nums.get(0);
    } else {
      start = nums.get(0);
      stop = nums.get(1);
      if (nums.size() > 2) {
        step = nums.get(2);
      }
    }
    if (step == 0) {
      throw new JinjaError("range() step must not be zero");
    }
    List<JinjaValue> result = new ArrayList<>();
    if (step > 0) {
      for (double i = start; i < stop; i += step) {
        result.add(JinjaValue.fromJava(i));
      }
    } else {
      for (double i = start; i > stop; i += step) {
        result.add(JinjaValue.fromJava(i));
      }
    }
    return JinjaValue.array(result);
  }

  /** {@code strftime_now(format)}: %Y %m %d %b %B %H %M %% in local time, like the reference. */
  private static JinjaValue strftimeNow(List<JinjaValue> args, Env scope) {
    String format = args.isEmpty() ? "undefined" : hostValueString(args.get(0));
    LocalDateTime now = LocalDateTime.now();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c == '%' && i + 1 < format.length()) {
        char f = format.charAt(i + 1);
        String replacement =
            switch (f) {
              case 'Y' -> Integer.toString(now.getYear());
              case 'm' -> String.format("%02d", now.getMonthValue());
              case 'd' -> String.format("%02d", now.getDayOfMonth());
              case 'b' -> now.getMonth().getDisplayName(TextStyle.SHORT, Locale.US);
              case 'B' -> now.getMonth().getDisplayName(TextStyle.FULL, Locale.US);
              case 'H' -> String.format("%02d", now.getHour());
              case 'M' -> String.format("%02d", now.getMinute());
              case '%' -> "%";
              default -> null;
            };
        if (replacement != null) {
          out.append(replacement);
          i++;
          continue;
        }
      }
      out.append(c);
    }
    return JinjaValue.str(out.toString());
  }
}
