package com.jsmai.node.constrain;

import com.jsmai.node.constrain.Frame.NumF;
import com.jsmai.node.constrain.SchemaNode.Num;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Exact bound reasoning for number prefixes. A prefix reaches a union of magnitude intervals (e.g.
 * "12" reaches [12,13) ∪ [120,130) ∪ ... up to 18 digits); a byte is allowed only if one of them
 * meets [minimum, maximum], and the shortest completion is the smallest-magnitude in-range value
 * with the fewest extra characters.
 */
final class NumberRange {
  private static final BigDecimal TEN = BigDecimal.TEN;
  private static final int MAX_COMPLETION = 40;

  private NumberRange() {}

  static BigDecimal value(NumF f) {
    BigDecimal v = BigDecimal.valueOf(f.intVal()).add(BigDecimal.valueOf(f.frac(), f.fracDigits()));
    return f.neg() ? v.negate() : v;
  }

  private static BigDecimal pow10(int e) {
    return BigDecimal.ONE.scaleByPowerOfTen(e);
  }

  /** Whether some in-range value extends the prefix {@code f}. */
  static boolean viable(NumF f) {
    Num n = f.n();
    if (!n.bounded()) {
      return true;
    }
    switch (f.phase()) {
      case NumF.SIGN:
        return meets(n, true, n.integer ? BigDecimal.ONE : BigDecimal.ZERO, pow10(18));
      case NumF.ZERO:
        return n.integer
            ? n.inRange(BigDecimal.ZERO)
            : meets(n, f.neg(), BigDecimal.ZERO, BigDecimal.ONE);
      case NumF.INT:
        {
          BigDecimal v = BigDecimal.valueOf(f.intVal());
          for (int j = 0; j + f.intDigits() <= NumF.MAX_INT_DIGITS; j++) {
            BigDecimal a = v.scaleByPowerOfTen(j);
            BigDecimal b = v.add(BigDecimal.ONE).scaleByPowerOfTen(j);
            if (meets(n, f.neg(), a, b)) {
              return true;
            }
          }
          return false;
        }
      case NumF.DOT:
        {
          BigDecimal v = BigDecimal.valueOf(f.intVal());
          return meets(n, f.neg(), v, v.add(BigDecimal.ONE));
        }
      default:
        {
          BigDecimal p = value(f).abs();
          if (f.fracDigits() >= NumF.MAX_FRAC_DIGITS) {
            return n.inRange(value(f));
          }
          return meets(n, f.neg(), p, p.add(BigDecimal.ONE.movePointLeft(f.fracDigits())));
        }
    }
  }

  /**
   * Whether magnitudes in [a, b) (integers only for integer nodes), signed by {@code neg}, meet the
   * node's range.
   */
  private static boolean meets(Num n, boolean neg, BigDecimal a, BigDecimal b) {
    Bound lo = magnitudeLo(n, neg);
    Bound hi = magnitudeHi(n, neg);
    if (n.integer) {
      BigDecimal first = a;
      BigDecimal last = b.subtract(BigDecimal.ONE);
      if (lo != null) {
        BigDecimal c =
            lo.exclusive
                ? lo.v.setScale(0, RoundingMode.FLOOR).add(BigDecimal.ONE)
                : lo.v.setScale(0, RoundingMode.CEILING);
        first = first.max(c);
      }
      if (hi != null) {
        BigDecimal c =
            hi.exclusive
                ? hi.v.setScale(0, RoundingMode.CEILING).subtract(BigDecimal.ONE)
                : hi.v.setScale(0, RoundingMode.FLOOR);
        last = last.min(c);
      }
      return first.compareTo(last) <= 0;
    }
    BigDecimal x = a;
    boolean xClosed = true;
    if (lo != null) {
      int c = lo.v.compareTo(a);
      if (c > 0) {
        x = lo.v;
        xClosed = !lo.exclusive;
      } else if (c == 0) {
        xClosed = !lo.exclusive;
      }
    }
    BigDecimal y = b;
    boolean yClosed = false;
    if (hi != null && hi.v.compareTo(b) < 0) {
      y = hi.v;
      yClosed = !hi.exclusive;
    }
    int c = x.compareTo(y);
    return c < 0 || (c == 0 && xClosed && yClosed);
  }

  private record Bound(BigDecimal v, boolean exclusive) {}

  /** Lower bound on the magnitude of values with sign {@code neg}; null if none. */
  private static Bound magnitudeLo(Num n, boolean neg) {
    if (!neg) {
      return n.min == null ? null : new Bound(n.min, n.exclusiveMin);
    }
    return n.max == null ? null : new Bound(n.max.negate(), n.exclusiveMax);
  }

  private static Bound magnitudeHi(Num n, boolean neg) {
    if (!neg) {
      return n.max == null ? null : new Bound(n.max, n.exclusiveMax);
    }
    return n.min == null ? null : new Bound(n.min.negate(), n.exclusiveMin);
  }

  /** The smallest magnitude on the grid of step 10^-scale in [a, b) that is in range, or null. */
  private static BigDecimal gridPoint(Num n, boolean neg, BigDecimal a, BigDecimal b, int scale) {
    Bound lo = magnitudeLo(n, neg);
    Bound hi = magnitudeHi(n, neg);
    BigDecimal step = BigDecimal.ONE.movePointLeft(scale);
    BigDecimal g = a.setScale(scale, RoundingMode.CEILING);
    if (lo != null && lo.v.compareTo(g) >= 0) {
      BigDecimal c = lo.v.setScale(scale, RoundingMode.CEILING);
      if (lo.exclusive && c.compareTo(lo.v) == 0) {
        c = c.add(step);
      }
      g = g.max(c);
    }
    if (g.compareTo(b) >= 0) {
      return null;
    }
    if (hi != null) {
      int c = g.compareTo(hi.v);
      if (c > 0 || (c == 0 && hi.exclusive)) {
        return null;
      }
    }
    return g.setScale(scale, RoundingMode.UNNECESSARY);
  }

  private static String prefixText(NumF f) {
    switch (f.phase()) {
      case NumF.SIGN:
        return "";
      case NumF.ZERO:
        return "0";
      case NumF.INT:
        return Long.toString(f.intVal());
      case NumF.DOT:
        return f.intVal() + ".";
      default:
        String frac = Long.toString(f.frac());
        return f.intVal() + "." + "0".repeat(f.fracDigits() - frac.length()) + frac;
    }
  }

  /** Characters that complete {@code f} to an in-range number with the fewest characters. */
  static String shortestCompletion(NumF f) {
    String prefix = prefixText(f);
    for (int len = 1; len <= MAX_COMPLETION; len++) {
      BigDecimal g = completionOfLength(f, len);
      if (g != null) {
        String text = g.toPlainString();
        if (!text.startsWith(prefix) || text.length() != prefix.length() + len) {
          throw new IllegalStateException(
              "number completion " + text + " does not extend " + prefix);
        }
        return text.substring(prefix.length());
      }
    }
    throw new IllegalStateException("no in-range completion of number prefix " + prefix);
  }

  private static BigDecimal completionOfLength(NumF f, int len) {
    Num n = f.n();
    boolean neg = f.neg();
    BigDecimal one = BigDecimal.ONE;
    switch (f.phase()) {
      case NumF.SIGN:
        {
          if (len <= NumF.MAX_INT_DIGITS) {
            BigDecimal g = gridPoint(n, neg, pow10(len - 1), pow10(len), 0);
            if (g != null) {
              return g;
            }
          }
          if (n.integer) {
            return null;
          }
          for (int j = 1; j <= len - 2 && j <= NumF.MAX_INT_DIGITS; j++) {
            int k = len - 1 - j;
            if (k <= NumF.MAX_FRAC_DIGITS) {
              BigDecimal g = gridPoint(n, neg, pow10(j - 1), pow10(j), k);
              if (g != null && g.compareTo(pow10(j - 1)) >= 0) {
                return g;
              }
            }
          }
          int k = len - 2;
          return k >= 1 && k <= NumF.MAX_FRAC_DIGITS
              ? gridPoint(n, neg, BigDecimal.ZERO, one, k)
              : null;
        }
      case NumF.ZERO:
        {
          int k = len - 1;
          return !n.integer && k >= 1 && k <= NumF.MAX_FRAC_DIGITS
              ? gridPoint(n, neg, BigDecimal.ZERO, one, k)
              : null;
        }
      case NumF.INT:
        {
          BigDecimal v = BigDecimal.valueOf(f.intVal());
          if (f.intDigits() + len <= NumF.MAX_INT_DIGITS) {
            BigDecimal g =
                gridPoint(n, neg, v.scaleByPowerOfTen(len), v.add(one).scaleByPowerOfTen(len), 0);
            if (g != null) {
              return g;
            }
          }
          if (n.integer) {
            return null;
          }
          for (int j = len - 2; j >= 0; j--) {
            int k = len - 1 - j;
            if (k >= 1 && k <= NumF.MAX_FRAC_DIGITS && f.intDigits() + j <= NumF.MAX_INT_DIGITS) {
              BigDecimal g =
                  gridPoint(n, neg, v.scaleByPowerOfTen(j), v.add(one).scaleByPowerOfTen(j), k);
              if (g != null) {
                return g;
              }
            }
          }
          return null;
        }
      case NumF.DOT:
        {
          BigDecimal v = BigDecimal.valueOf(f.intVal());
          return len <= NumF.MAX_FRAC_DIGITS ? gridPoint(n, neg, v, v.add(one), len) : null;
        }
      default:
        {
          int k = f.fracDigits() + len;
          if (k > NumF.MAX_FRAC_DIGITS) {
            return null;
          }
          BigDecimal p = value(f).abs();
          return gridPoint(n, neg, p, p.add(one.movePointLeft(f.fracDigits())), k);
        }
    }
  }
}
