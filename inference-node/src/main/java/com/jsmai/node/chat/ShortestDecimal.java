package com.jsmai.node.chat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The fewest significant decimal digits that read back as the same double: what both JavaScript's
 * {@code Number.prototype.toString} ({@link JsSemantics#numberToString}) and Python's float {@code
 * repr} ({@link PythonJson#floatRepr}) print; they differ only in how they lay the digits out. Java
 * 17's {@code Double.toString} is not always shortest, hence this search.
 *
 * @param digits the significant digits, no leading or trailing zeros
 * @param pointPosition where the decimal point goes: value = 0.digits × 10^pointPosition
 */
record ShortestDecimal(String digits, int pointPosition) {

  /** {@code d} must be finite and positive. */
  static ShortestDecimal of(double d) {
    BigDecimal exact = new BigDecimal(d);
    BigDecimal shortest = exact;
    for (int p = 1; p <= 17; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (r.doubleValue() == d) {
        shortest = r;
        break;
      }
    }
    shortest = shortest.stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    return new ShortestDecimal(digits, digits.length() - shortest.scale());
  }
}
