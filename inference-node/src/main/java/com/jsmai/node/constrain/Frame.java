package com.jsmai.node.constrain;

import com.jsmai.node.constrain.SchemaNode.Arr;
import com.jsmai.node.constrain.SchemaNode.Lit;
import com.jsmai.node.constrain.SchemaNode.Num;
import com.jsmai.node.constrain.SchemaNode.Obj;
import com.jsmai.node.constrain.SchemaNode.Str;
import com.jsmai.node.constrain.SchemaNode.Union;

/**
 * One level of the JSON pushdown automaton over bytes. Frames are immutable records (structural
 * equality, so whole stacks are cache keys). A frame only ever accepts a byte that keeps a valid
 * completion reachable, so every reachable state can finish: that is what makes the guarantee hold
 * at any point and what lets {@link #completionByte()} always produce a finite shortest path.
 *
 * <p>Whitespace ({@link #wsNext}): one space, or a newline plus up to 16 spaces of indentation,
 * after {@code { [ , :} and before {@code } ] ,}, and none anywhere else, so a model cannot spend
 * its budget on layout.
 */
sealed interface Frame
    permits Frame.Root, Frame.Tool, Frame.ObjF, Frame.ArrF, Frame.StrF, Frame.NumF, Frame.LitF {
  int MAX_DEPTH = 48;

  /** Steps byte {@code b} with this frame on top of {@code self}; {@code null} if rejected. */
  ParseStack step(ParseStack self, int b);

  /** The container's state once its current child value is complete. */
  default Frame childDone() {
    throw new IllegalStateException(this + " has no child");
  }

  /** Whether this value is complete without further bytes (numbers and literals have no end). */
  default boolean endsWithoutByte() {
    return false;
  }

  /**
   * The next byte of this frame's shortest completion, or -1 when the frame is complete as it is
   * (only where {@link #endsWithoutByte()} or at the document end). Deterministic in the state, so
   * the completion from the next state is the tail of this one.
   */
  int completionByte();

  /**
   * This frame with counters that cannot influence the next {@code horizon} bytes replaced by a
   * sentinel: equal keys give equal masks and equal shortest-completion token counts.
   */
  default Frame maskKey(int horizon) {
    return this;
  }

  /** Longest indentation after a newline. */
  int MAX_INDENT = 16;

  /**
   * Whitespace between tokens: one space, or one newline followed by at most {@link #MAX_INDENT}
   * spaces (so both compact and indented output parse, and layout cannot eat the budget). State
   * {@code ws}: 0 none yet, -1 after the space, k >= 1 after the newline and k-1 spaces. Returns
   * the next state, or {@link Integer#MIN_VALUE} if {@code b} is not allowed.
   */
  static int wsNext(int ws, int b) {
    if (ws == 0) {
      return b == ' ' ? -1 : b == '\n' ? 1 : Integer.MIN_VALUE;
    }
    return ws >= 1 && b == ' ' && ws - 1 < MAX_INDENT ? ws + 1 : Integer.MIN_VALUE;
  }

  /** Starts a value of {@code node} with its first byte; {@code s} has the container on top. */
  static ParseStack startValue(SchemaNode node0, int b, ParseStack s) {
    SchemaNode node = node0.resolve();
    if (node.minBytes >= SchemaNode.INF) {
      return null;
    }
    if (node instanceof Obj o) {
      return b == '{' && s.depth < MAX_DEPTH
          ? s.push(new ObjF(o, ObjF.OPEN, 0L, 0, 0, 0, -1))
          : null;
    } else if (node instanceof Arr a) {
      return b == '[' && s.depth < MAX_DEPTH ? s.push(new ArrF(a, ArrF.OPEN, 0, 0)) : null;
    } else if (node instanceof Str st) {
      return b == '"' ? s.push(new StrF(st, StrF.NORMAL, 0, 0, 0, 0, 0)) : null;
    } else if (node instanceof Num n) {
      return NumF.start(n, b, s);
    } else if (node instanceof Lit l) {
      ParseStack pushed = s.push(new LitF(l, 0, l.literals.length, 0));
      return pushed.step(b);
    } else if (node instanceof Union u) {
      SchemaNode alt = u.byFirstByte[b];
      return alt == null ? null : startValue(alt, b, s);
    }
    throw new IllegalStateException("unknown node " + node);
  }

  /** First byte of the shortest instance of {@code node}. */
  static int firstByte(SchemaNode node) {
    return node.resolve().firstByte;
  }

  // ------------------------------------------------------------------ document roots

  /** The document: one value of {@code node}, then nothing. */
  record Root(SchemaNode node, int phase) implements Frame {
    static final int BEFORE = 0;
    static final int VALUE = 1;
    static final int DONE = 2;

    @Override
    public ParseStack step(ParseStack self, int b) {
      return phase == BEFORE ? startValue(node, b, self.replaceTop(new Root(node, VALUE))) : null;
    }

    @Override
    public Frame childDone() {
      return new Root(node, DONE);
    }

    @Override
    public int completionByte() {
      return phase == BEFORE ? firstByte(node) : -1;
    }
  }

  /**
   * The Hermes tool call body between {@code <tool_call>} and {@code </tool_call>}: {@code
   * \n{"name": "NAME", "arguments": ARGS}\n}, NAME one of the tools, ARGS that tool's parameter
   * schema.
   */
  record Tool(ToolSet tools, int phase, int lo, int hi, int pos, int tool) implements Frame {
    static final int PREFIX = 0;
    static final int NAME = 1;
    static final int MID = 2;
    static final int ARGS = 3;
    static final int SUFFIX = 4;
    static final int DONE = 5;

    @Override
    public ParseStack step(ParseStack self, int b) {
      switch (phase) {
        case PREFIX:
          if (b != (tools.prefix[pos] & 0xFF)) {
            return null;
          }
          return self.replaceTop(
              pos + 1 == tools.prefix.length
                  ? new Tool(tools, NAME, 0, tools.names.length, 0, -1)
                  : new Tool(tools, PREFIX, 0, 0, pos + 1, -1));
        case NAME:
          if (b == '"') {
            return tools.names[lo].length == pos
                ? self.replaceTop(new Tool(tools, MID, 0, 0, 1, lo))
                : null;
          }
          int a = lo;
          while (a < hi && (tools.names[a].length <= pos || (tools.names[a][pos] & 0xFF) != b)) {
            a++;
          }
          int z = a;
          while (z < hi && tools.names[z].length > pos && (tools.names[z][pos] & 0xFF) == b) {
            z++;
          }
          return a == z ? null : self.replaceTop(new Tool(tools, NAME, a, z, pos + 1, -1));
        case MID:
          if (pos < tools.mid.length) {
            return b == (tools.mid[pos] & 0xFF)
                ? self.replaceTop(new Tool(tools, MID, 0, 0, pos + 1, tool))
                : null;
          }
          return startValue(
              tools.args[tool], b, self.replaceTop(new Tool(tools, ARGS, 0, 0, 0, tool)));
        case SUFFIX:
          if (b != (tools.suffix[pos] & 0xFF)) {
            return null;
          }
          return self.replaceTop(
              pos + 1 == tools.suffix.length
                  ? new Tool(tools, DONE, 0, 0, 0, tool)
                  : new Tool(tools, SUFFIX, 0, 0, pos + 1, tool));
        default:
          return null;
      }
    }

    @Override
    public Frame childDone() {
      return new Tool(tools, SUFFIX, 0, 0, 0, tool);
    }

    @Override
    public int completionByte() {
      switch (phase) {
        case PREFIX:
          return tools.prefix[pos] & 0xFF;
        case NAME:
          {
            int best = lo;
            for (int i = lo; i < hi; i++) {
              if (tools.cost(i) < tools.cost(best)) {
                best = i;
              }
            }
            return tools.names[best].length == pos ? '"' : tools.names[best][pos] & 0xFF;
          }
        case MID:
          return pos < tools.mid.length ? tools.mid[pos] & 0xFF : firstByte(tools.args[tool]);
        case SUFFIX:
          return tools.suffix[pos] & 0xFF;
        default:
          return -1;
      }
    }
  }

  // ------------------------------------------------------------------ containers

  /** An object; {@code seen} has a bit per declared property already written. */
  record ObjF(Obj n, int phase, long seen, int lo, int hi, int pos, int cur) implements Frame {
    static final int OPEN = 0;
    static final int OPEN_WS = 1;
    static final int KEY = 2;
    static final int AFTER_KEY = 3;
    static final int COLON = 4;
    static final int COLON_WS = 5;
    static final int VALUE = 6;
    static final int AFTER_VALUE = 7;
    static final int AFTER_VALUE_WS = 8;
    static final int COMMA = 9;
    static final int COMMA_WS = 10;
    static final int FREE_KEY = 11;

    private long all() {
      int k = n.keys.length;
      return k == 64 ? -1L : (1L << k) - 1;
    }

    private boolean missingRequired() {
      return (n.required & ~seen) != 0;
    }

    private boolean canAddKey() {
      return n.freeKeys || (all() & ~seen) != 0;
    }

    private ObjF with(int phase) {
      return new ObjF(n, phase, seen, 0, 0, 0, cur);
    }

    /** Whitespace byte in phase {@code base} (or its _WS phase): the next frame, or null. */
    private ParseStack ws(ParseStack self, int base, int b) {
      int next = wsNext(phase == base ? 0 : pos, b);
      return next == Integer.MIN_VALUE
          ? null
          : self.replaceTop(new ObjF(n, base + 1, seen, 0, 0, next, cur));
    }

    private ParseStack startKey(ParseStack self) {
      if (!canAddKey()) {
        return null;
      }
      if (n.freeKeys) {
        return self.replaceTop(with(FREE_KEY))
            .push(new StrF(n.freeKey, StrF.NORMAL, 0, 0, 0, 0, 0));
      }
      return self.replaceTop(new ObjF(n, KEY, seen, 0, n.keys.length, 0, -1));
    }

    private boolean anyUnseen(int a, int z) {
      for (int i = a; i < z; i++) {
        if ((seen & (1L << i)) == 0) {
          return true;
        }
      }
      return false;
    }

    @Override
    public ParseStack step(ParseStack self, int b) {
      switch (phase) {
        case OPEN:
        case OPEN_WS:
          if (b == '"') {
            return startKey(self);
          }
          if (b == '}') {
            return missingRequired() ? null : self.popDone();
          }
          return ws(self, OPEN, b);
        case KEY:
          {
            if (b == '"') {
              boolean exact = n.keys[lo].length == pos && (seen & (1L << lo)) == 0;
              return exact ? self.replaceTop(new ObjF(n, AFTER_KEY, seen, 0, 0, 0, lo)) : null;
            }
            int a = lo;
            while (a < hi && (n.keys[a].length <= pos || (n.keys[a][pos] & 0xFF) != b)) {
              a++;
            }
            int z = a;
            while (z < hi && n.keys[z].length > pos && (n.keys[z][pos] & 0xFF) == b) {
              z++;
            }
            return anyUnseen(a, z)
                ? self.replaceTop(new ObjF(n, KEY, seen, a, z, pos + 1, -1))
                : null;
          }
        case AFTER_KEY:
          return b == ':' ? self.replaceTop(with(COLON)) : null;
        case COLON:
        case COLON_WS:
          if (b == ' ' || b == '\n') {
            return ws(self, COLON, b);
          }
          return startValue(
              n.freeKeys ? n.freeValue : n.values[cur], b, self.replaceTop(with(VALUE)));
        case AFTER_VALUE:
        case AFTER_VALUE_WS:
          if (b == ',') {
            return canAddKey() ? self.replaceTop(with(COMMA)) : null;
          }
          if (b == '}') {
            return missingRequired() ? null : self.popDone();
          }
          return ws(self, AFTER_VALUE, b);
        case COMMA:
        case COMMA_WS:
          if (b == '"') {
            return startKey(self);
          }
          return ws(self, COMMA, b);
        default:
          return null;
      }
    }

    @Override
    public Frame childDone() {
      if (phase == FREE_KEY) {
        return new ObjF(n, AFTER_KEY, seen, 0, 0, 0, -1);
      }
      long s = n.freeKeys ? seen : seen | (1L << cur);
      return new ObjF(n, AFTER_VALUE, s, 0, 0, 0, -1);
    }

    private long cost(int i) {
      return (long) n.keys[i].length + n.values[i].resolve().minBytes;
    }

    @Override
    public int completionByte() {
      switch (phase) {
        case OPEN:
        case OPEN_WS:
          return missingRequired() ? '"' : '}';
        case KEY:
          {
            int best = -1;
            boolean bestRequired = false;
            for (int i = lo; i < hi; i++) {
              if ((seen & (1L << i)) != 0) {
                continue;
              }
              boolean req = (n.required & (1L << i)) != 0;
              if (best < 0
                  || (req && !bestRequired)
                  || (req == bestRequired && cost(i) < cost(best))) {
                best = i;
                bestRequired = req;
              }
            }
            return n.keys[best].length == pos ? '"' : n.keys[best][pos] & 0xFF;
          }
        case AFTER_KEY:
          return ':';
        case COLON:
        case COLON_WS:
          return firstByte(n.freeKeys ? n.freeValue : n.values[cur]);
        case AFTER_VALUE:
        case AFTER_VALUE_WS:
          return missingRequired() ? ',' : '}';
        case COMMA:
        case COMMA_WS:
          return '"';
        default:
          throw new IllegalStateException("object frame with an open child");
      }
    }
  }

  record ArrF(Arr n, int phase, int count, int ws) implements Frame {
    static final int OPEN = 0;
    static final int OPEN_WS = 1;
    static final int VALUE = 2;
    static final int AFTER_VALUE = 3;
    static final int AFTER_VALUE_WS = 4;
    static final int COMMA = 5;
    static final int COMMA_WS = 6;

    private ParseStack ws(ParseStack self, int base, int b) {
      int next = wsNext(phase == base ? 0 : ws, b);
      return next == Integer.MIN_VALUE ? null : self.replaceTop(new ArrF(n, base + 1, count, next));
    }

    private ParseStack startItem(ParseStack self, int b) {
      if (count >= n.maxItems) {
        return null;
      }
      return startValue(n.items, b, self.replaceTop(new ArrF(n, VALUE, count + 1, 0)));
    }

    @Override
    public ParseStack step(ParseStack self, int b) {
      switch (phase) {
        case OPEN:
        case OPEN_WS:
          if (b == ']') {
            return n.minItems == 0 ? self.popDone() : null;
          }
          if (b == ' ' || b == '\n') {
            return ws(self, OPEN, b);
          }
          return startItem(self, b);
        case AFTER_VALUE:
        case AFTER_VALUE_WS:
          if (b == ',') {
            return count < n.maxItems ? self.replaceTop(new ArrF(n, COMMA, count, 0)) : null;
          }
          if (b == ']') {
            return count >= n.minItems ? self.popDone() : null;
          }
          return ws(self, AFTER_VALUE, b);
        case COMMA:
        case COMMA_WS:
          if (b == ' ' || b == '\n') {
            return ws(self, COMMA, b);
          }
          return startItem(self, b);
        default:
          return null;
      }
    }

    @Override
    public Frame childDone() {
      return new ArrF(n, AFTER_VALUE, count, 0);
    }

    @Override
    public int completionByte() {
      switch (phase) {
        case OPEN:
        case OPEN_WS:
          return count < n.minItems ? firstByte(n.items) : ']';
        case AFTER_VALUE:
        case AFTER_VALUE_WS:
          return count < n.minItems ? ',' : ']';
        case COMMA:
        case COMMA_WS:
          return firstByte(n.items);
        default:
          throw new IllegalStateException("array frame with an open child");
      }
    }

    @Override
    public Frame maskKey(int horizon) {
      boolean far = count >= n.minItems && (long) n.maxItems - count > horizon;
      return far ? new ArrF(n, phase, -1, ws) : this;
    }
  }

  // ------------------------------------------------------------------ strings

  /**
   * Inside a string (after the opening quote). {@code count} code points so far, {@code q} the
   * pattern state. Partial characters: {@code mode} UTF8 with {@code rem} continuation bytes to go
   * and the payload bits in {@code acc} ({@code seqLen} bytes in all), or UESC after {@code \\u}
   * with {@code rem} hex digits to go. A partial character is accepted only if some completion of
   * it is a character the string may still contain.
   */
  record StrF(Str n, int mode, int count, int q, int acc, int rem, int seqLen) implements Frame {
    static final int NORMAL = 0;
    static final int ESC = 1;
    static final int UESC = 2;
    static final int UTF8 = 3;

    private static final byte[] ESCAPES = {'n', 't', 'r', 'b', 'f', '/', '\\', '"', 'u'};

    private static int escaped(int b) {
      switch (b) {
        case '"':
          return '"';
        case '\\':
          return '\\';
        case '/':
          return '/';
        case 'b':
          return 8;
        case 'f':
          return 12;
        case 'n':
          return 10;
        case 'r':
          return 13;
        case 't':
          return 9;
        default:
          return -1;
      }
    }

    private static int hex(int b) {
      if (b >= '0' && b <= '9') {
        return b - '0';
      }
      if (b >= 'a' && b <= 'f') {
        return b - 'a' + 10;
      }
      if (b >= 'A' && b <= 'F') {
        return b - 'A' + 10;
      }
      return -1;
    }

    /** The state after one whole code point, or null. */
    private StrF afterChar(int cp) {
      if (count >= n.maxLength) {
        return null;
      }
      if (n.dfa == null) {
        return new StrF(n, NORMAL, count + 1, 0, 0, 0, 0);
      }
      int q2 = n.dfa.step(q, cp);
      return q2 >= 0 && n.live(q2, count + 1) ? new StrF(n, NORMAL, count + 1, q2, 0, 0, 0) : null;
    }

    /**
     * Whether some code point in [lo, hi] (surrogates excluded) is a character the string may still
     * take.
     */
    private boolean rangeOk(int lo, int hi) {
      return bestInRange(lo, hi) >= 0;
    }

    /**
     * Over the characters in [lo, hi] the string may still take, the smallest shortest-rest (code
     * points still needed) after that character; -1 if there is none.
     */
    private int bestInRange(int lo, int hi) {
      if (lo > hi || count >= n.maxLength || (lo >= 0xD800 && hi <= 0xDFFF)) {
        return -1;
      }
      if (n.dfa == null) {
        return Math.max(0, n.minLength - count - 1);
      }
      int best = -1;
      int[] tlo = n.dfa.lo[q];
      int[] thi = n.dfa.hi[q];
      int[] to = n.dfa.to[q];
      for (int i = 0; i < tlo.length; i++) {
        int a = Math.max(lo, tlo[i]);
        int z = Math.min(hi, thi[i]);
        if (a > z || (a >= 0xD800 && z <= 0xDFFF) || !n.live(to[i], count + 1)) {
          continue;
        }
        int r = n.shortestRest(to[i], count + 1);
        if (best < 0 || r < best) {
          best = r;
        }
      }
      return best;
    }

    private static int seqMin(int seqLen) {
      return seqLen == 2 ? 0x80 : seqLen == 3 ? 0x800 : 0x10000;
    }

    private static int seqMax(int seqLen) {
      return seqLen == 2 ? 0x7FF : seqLen == 3 ? 0xFFFF : 0x10FFFF;
    }

    /** For a partial character (UTF8, ESC or UESC): {@link #bestInRange} of what it can become. */
    private int bestAfterChar() {
      if (mode == ESC) {
        return bestInRange(0, 0xFFFF);
      }
      if (mode == UTF8) {
        int lo = acc << (6 * rem);
        int hi = lo | ((1 << (6 * rem)) - 1);
        return bestInRange(Math.max(lo, seqMin(seqLen)), Math.min(hi, seqMax(seqLen)));
      }
      int lo = acc << (4 * rem);
      int hi = lo | ((1 << (4 * rem)) - 1);
      return bestInRange(lo, hi);
    }

    private static boolean partialOk(StrF f) {
      return f.bestAfterChar() >= 0;
    }

    @Override
    public ParseStack step(ParseStack self, int b) {
      StrF next = next(b);
      if (next == null) {
        return null;
      }
      return next == CLOSED ? self.popDone() : self.replaceTop(next);
    }

    private static final StrF CLOSED = new StrF(null, -1, 0, 0, 0, 0, 0);

    /** The frame after byte b; {@link #CLOSED} for the closing quote; null if rejected. */
    private StrF next(int b) {
      switch (mode) {
        case NORMAL:
          if (b == '"') {
            boolean ok = count >= n.minLength && (n.dfa == null || n.dfa.accepting[q]);
            return ok ? CLOSED : null;
          }
          if (b == '\\') {
            return rangeOk(0, 0xFFFF) ? new StrF(n, ESC, count, q, 0, 0, 0) : null;
          }
          if (b < 0x20) {
            return null;
          }
          if (b < 0x80) {
            return afterChar(b);
          }
          StrF partial;
          if (b >= 0xC2 && b <= 0xDF) {
            partial = new StrF(n, UTF8, count, q, b & 0x1F, 1, 2);
          } else if (b >= 0xE0 && b <= 0xEF) {
            partial = new StrF(n, UTF8, count, q, b & 0x0F, 2, 3);
          } else if (b >= 0xF0 && b <= 0xF4) {
            partial = new StrF(n, UTF8, count, q, b & 0x07, 3, 4);
          } else {
            return null;
          }
          return partialOk(partial) ? partial : null;
        case ESC:
          {
            int cp = escaped(b);
            if (cp >= 0) {
              return afterChar(cp);
            }
            if (b == 'u') {
              StrF u = new StrF(n, UESC, count, q, 0, 4, 0);
              return partialOk(u) ? u : null;
            }
            return null;
          }
        case UESC:
          {
            int h = hex(b);
            if (h < 0) {
              return null;
            }
            int acc2 = (acc << 4) | h;
            if (rem == 1) {
              return acc2 >= 0xD800 && acc2 <= 0xDFFF ? null : afterChar(acc2);
            }
            StrF u = new StrF(n, UESC, count, q, acc2, rem - 1, 0);
            return partialOk(u) ? u : null;
          }
        case UTF8:
          {
            if ((b & 0xC0) != 0x80) {
              return null;
            }
            int acc2 = (acc << 6) | (b & 0x3F);
            if (rem == 1) {
              boolean valid =
                  acc2 >= seqMin(seqLen)
                      && acc2 <= seqMax(seqLen)
                      && !(acc2 >= 0xD800 && acc2 <= 0xDFFF);
              return valid ? afterChar(acc2) : null;
            }
            StrF u = new StrF(n, UTF8, count, q, acc2, rem - 1, seqLen);
            return partialOk(u) ? u : null;
          }
        default:
          return null;
      }
    }

    /**
     * Whether byte b keeps this string on a shortest completion path: the code points still needed
     * after the current character drop to the least achievable value.
     */
    private boolean towardShortest(int b) {
      StrF f = next(b);
      if (f == null || f == CLOSED) {
        return false;
      }
      int target = mode == NORMAL ? n.shortestRest(q, count) - 1 : bestAfterChar();
      int score = f.mode == NORMAL ? n.shortestRest(f.q, f.count) : f.bestAfterChar();
      return score == target;
    }

    @Override
    public int completionByte() {
      if (n.dfa == null && mode != NORMAL) {
        // free string: finish the character with its smallest valid continuation
        switch (mode) {
          case ESC:
            return 'n';
          case UESC:
            return '0';
          default:
            if (rem == seqLen - 1 && acc == 0) {
              return seqLen == 3 ? 0xA0 : 0x90; // after E0 / F0 (no overlongs)
            }
            return 0x80;
        }
      }
      switch (mode) {
        case NORMAL:
          {
            if (n.shortestRest(q, count) == 0) {
              return '"';
            }
            if (n.dfa == null) {
              return 'a';
            }
            // printable ASCII first, then anything on a shortest path
            for (int b = 0x20; b < 0x7F; b++) {
              if (b != '"' && b != '\\' && towardShortest(b)) {
                return b;
              }
            }
            for (int b = 0xC2; b <= 0xF4; b++) {
              if (towardShortest(b)) {
                return b;
              }
            }
            return '\\';
          }
        case ESC:
          for (byte e : ESCAPES) {
            if (towardShortest(e)) {
              return e;
            }
          }
          return 'u';
        case UESC:
          for (int b : new int[] {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9'}) {
            if (towardShortest(b)) {
              return b;
            }
          }
          for (int b = 'a'; b <= 'f'; b++) {
            if (towardShortest(b)) {
              return b;
            }
          }
          throw new IllegalStateException("no hex digit completes " + this);
        case UTF8:
          for (int b = 0x80; b <= 0xBF; b++) {
            if (towardShortest(b)) {
              return b;
            }
          }
          throw new IllegalStateException("no continuation byte completes " + this);
        default:
          throw new IllegalStateException("closed string frame");
      }
    }

    /**
     * Whether every plain-content token (no quote, backslash, control or partial character) of at
     * most {@link #room()} code points is allowed here and leaves a state with the same shortest
     * completion: a free string, between characters, at least {@code minLength} long.
     */
    boolean plainContext() {
      return n.dfa == null && mode == NORMAL && count >= n.minLength;
    }

    /** Code points this string may still take. */
    int room() {
      return (int) Math.min(Integer.MAX_VALUE, (long) n.maxLength - count);
    }

    @Override
    public Frame maskKey(int horizon) {
      if (n.dfa == null
          && count >= n.minLength
          && (long) n.maxLength - count > horizon
          && count >= 0) {
        return new StrF(n, mode, -1, q, acc, rem, seqLen);
      }
      return this;
    }

    @Override
    public String toString() {
      return "Str[mode="
          + mode
          + ",count="
          + count
          + ",q="
          + q
          + ",acc="
          + acc
          + ",rem="
          + rem
          + "]";
    }
  }

  // ------------------------------------------------------------------ scalars

  /**
   * A literal from a sorted list: candidates {@code [lo, hi)} share the first {@code pos} bytes.
   */
  record LitF(Lit n, int lo, int hi, int pos) implements Frame {
    @Override
    public ParseStack step(ParseStack self, int b) {
      byte[][] lits = n.literals;
      int a = lo;
      while (a < hi && (lits[a].length <= pos || (lits[a][pos] & 0xFF) != b)) {
        a++;
      }
      if (a < hi) {
        int z = a;
        while (z < hi && lits[z].length > pos && (lits[z][pos] & 0xFF) == b) {
          z++;
        }
        return self.replaceTop(new LitF(n, a, z, pos + 1));
      }
      if (endsWithoutByte()) {
        ParseStack parent = self.popDone();
        return parent.step(b);
      }
      return null;
    }

    @Override
    public boolean endsWithoutByte() {
      return n.literals[lo].length == pos;
    }

    @Override
    public int completionByte() {
      if (endsWithoutByte()) {
        return -1;
      }
      int best = lo;
      for (int i = lo; i < hi; i++) {
        if (n.literals[i].length < n.literals[best].length) {
          best = i;
        }
      }
      return n.literals[best][pos] & 0xFF;
    }

    @Override
    public String toString() {
      return "Lit[" + lo + "," + hi + "," + pos + "]";
    }
  }

  /**
   * A number being read: sign, integer part (value and digit count), fraction (value and digit
   * count). Bounded nodes accept a byte only if some in-range value still extends the prefix.
   */
  record NumF(Num n, int phase, boolean neg, long intVal, int intDigits, long frac, int fracDigits)
      implements Frame {
    static final int SIGN = 0;
    static final int ZERO = 1;
    static final int INT = 2;
    static final int DOT = 3;
    static final int FRAC = 4;
    static final int MAX_INT_DIGITS = 18;
    static final int MAX_FRAC_DIGITS = 16;

    static ParseStack start(Num n, int b, ParseStack s) {
      NumF f;
      if (b == '-') {
        f = new NumF(n, SIGN, true, 0, 0, 0, 0);
      } else if (b == '0') {
        f = new NumF(n, ZERO, false, 0, 1, 0, 0);
      } else if (b >= '1' && b <= '9') {
        f = new NumF(n, INT, false, b - '0', 1, 0, 0);
      } else {
        return null;
      }
      return NumberRange.viable(f) ? s.push(f) : null;
    }

    @Override
    public ParseStack step(ParseStack self, int b) {
      NumF f = next(b);
      if (f != null) {
        return NumberRange.viable(f) ? self.replaceTop(f) : null;
      }
      if (endsWithoutByte() && !(b >= '0' && b <= '9') && b != '.') {
        return self.popDone().step(b);
      }
      return null;
    }

    private NumF next(int b) {
      boolean digit = b >= '0' && b <= '9';
      int d = b - '0';
      switch (phase) {
        case SIGN:
          if (b == '0') {
            return n.integer ? null : new NumF(n, ZERO, true, 0, 1, 0, 0);
          }
          return digit ? new NumF(n, INT, true, d, 1, 0, 0) : null;
        case ZERO:
          return b == '.' && !n.integer ? new NumF(n, DOT, neg, 0, 1, 0, 0) : null;
        case INT:
          if (digit) {
            return intDigits < MAX_INT_DIGITS
                ? new NumF(n, INT, neg, intVal * 10 + d, intDigits + 1, 0, 0)
                : null;
          }
          return b == '.' && !n.integer ? new NumF(n, DOT, neg, intVal, intDigits, 0, 0) : null;
        case DOT:
          return digit ? new NumF(n, FRAC, neg, intVal, intDigits, d, 1) : null;
        case FRAC:
          return digit && fracDigits < MAX_FRAC_DIGITS
              ? new NumF(n, FRAC, neg, intVal, intDigits, frac * 10 + d, fracDigits + 1)
              : null;
        default:
          return null;
      }
    }

    @Override
    public boolean endsWithoutByte() {
      boolean syntax = phase == INT || phase == FRAC || (phase == ZERO && !neg);
      return syntax && (!n.bounded() || n.inRange(NumberRange.value(this)));
    }

    @Override
    public int completionByte() {
      if (endsWithoutByte()) {
        return -1;
      }
      String target = NumberRange.shortestCompletion(this);
      return target.charAt(0);
    }
  }

  /** Helper for {@link Frame.Tool}. */
  final class ToolSet {
    final byte[] prefix;
    final byte[][] names;
    final SchemaNode[] args;
    final byte[] mid;
    final byte[] suffix;

    ToolSet(byte[] prefix, byte[][] names, SchemaNode[] args, byte[] mid, byte[] suffix) {
      this.prefix = prefix;
      this.names = names;
      this.args = args;
      this.mid = mid;
      this.suffix = suffix;
    }

    long cost(int i) {
      return (long) names[i].length + args[i].resolve().minBytes;
    }
  }
}
