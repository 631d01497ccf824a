package com.jsmai.node.constrain;

import java.math.BigDecimal;
import java.util.BitSet;

/**
 * A compiled JSON Schema node: the supported subset, normalized so the byte recogniser can drive
 * it. Every node knows the byte length of its shortest instance ({@link #minBytes}); nodes whose
 * shortest instance is infinite (unsatisfiable recursion) are pruned at compile time so the
 * recogniser never enters a value it cannot finish.
 */
abstract sealed class SchemaNode
    permits SchemaNode.Obj,
        SchemaNode.Arr,
        SchemaNode.Str,
        SchemaNode.Num,
        SchemaNode.Lit,
        SchemaNode.Union,
        SchemaNode.Ref {
  static final int INF = Integer.MAX_VALUE / 4;

  /** Bytes of the shortest instance; {@link #INF} when there is none. */
  int minBytes = INF;

  /** First byte of the shortest instance (set with {@link #minBytes}). */
  int firstByte = -1;

  SchemaNode resolve() {
    return this;
  }

  /**
   * An object. With declared properties only those keys are produced (in any order, each at most
   * once); without, keys are free strings ({@code freeKeys}) whose values follow {@code freeValue}.
   */
  static final class Obj extends SchemaNode {
    /** JSON-escaped key content (no quotes), sorted by unsigned bytes. */
    byte[][] keys;

    String[] names;
    SchemaNode[] values;
    long required;
    boolean freeKeys;
    SchemaNode freeValue;
    Str freeKey;
  }

  static final class Arr extends SchemaNode {
    SchemaNode items;
    int minItems;
    int maxItems = Integer.MAX_VALUE;
  }

  /** A string; lengths count code points, as the validator does. */
  static final class Str extends SchemaNode {
    int minLength;
    int maxLength = Integer.MAX_VALUE;

    /** {@code null} for a free string. */
    PatternDfa dfa;

    /** Per DFA state: continuation lengths that reach acceptance (up to {@link #reachBound}). */
    BitSet[] reach;

    int reachBound;

    boolean free() {
      return dfa == null;
    }

    /** Whether a string in DFA state {@code q} with {@code count} code points can still finish. */
    boolean live(int q, int count) {
      if (count > maxLength) {
        return false;
      }
      if (dfa == null) {
        return true;
      }
      int need = Math.max(0, minLength - count);
      long room = (long) maxLength - count;
      int l = reach[q].nextSetBit(need);
      return l >= 0 && l <= room;
    }

    /** Length of the shortest accepted continuation from ({@code q}, {@code count}). */
    int shortestRest(int q, int count) {
      int need = Math.max(0, minLength - count);
      return dfa == null ? need : reach[q].nextSetBit(need);
    }
  }

  /**
   * A number or integer. Bounds are exact: a digit is allowed only if some value in range still
   * extends the prefix. Integers have at most 18 digits; numbers at most 18 integer and 16 fraction
   * digits and never an exponent.
   */
  static final class Num extends SchemaNode {
    boolean integer;

    /** Inclusive bounds, {@code null} when absent; exclusive ones are kept as flags. */
    BigDecimal min;

    BigDecimal max;
    boolean exclusiveMin;
    boolean exclusiveMax;

    boolean bounded() {
      return min != null || max != null;
    }

    boolean inRange(BigDecimal v) {
      if (min != null) {
        int c = v.compareTo(min);
        if (c < 0 || (c == 0 && exclusiveMin)) {
          return false;
        }
      }
      if (max != null) {
        int c = v.compareTo(max);
        return c < 0 || (c == 0 && !exclusiveMax);
      }
      return true;
    }
  }

  /** A choice among canonical JSON encodings ({@code enum}, {@code const}, booleans, null). */
  static final class Lit extends SchemaNode {
    /** Sorted by unsigned bytes, unique. */
    byte[][] literals;
  }

  /** {@code anyOf}/{@code oneOf}/type lists: alternatives told apart by their first byte. */
  static final class Union extends SchemaNode {
    SchemaNode[] alternatives;

    /** Alternative that a value starting with byte b belongs to, or null. */
    SchemaNode[] byFirstByte = new SchemaNode[256];
  }

  /** A {@code $ref}; the target is set once compiled (refs may be recursive). */
  static final class Ref extends SchemaNode {
    String pointer;
    SchemaNode target;

    @Override
    SchemaNode resolve() {
      SchemaNode n = target;
      while (n instanceof Ref r) {
        n = r.target;
      }
      return n;
    }
  }
}
