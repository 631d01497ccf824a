package com.jsmai.node.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShortestDecimalTest {
  @Test
  void of_doubles_fewestDigitsThatRoundTrip() {
    assertThat(ShortestDecimal.of(0.1)).isEqualTo(new ShortestDecimal("1", 0));
    assertThat(ShortestDecimal.of(123.45)).isEqualTo(new ShortestDecimal("12345", 3));
    assertThat(ShortestDecimal.of(1e16)).isEqualTo(new ShortestDecimal("1", 17));
    assertThat(ShortestDecimal.of(Double.MIN_VALUE)).isEqualTo(new ShortestDecimal("5", -323));
  }

  @Test
  void layouts_sameDigits_javaScriptAndPythonRulesDiffer() {
    assertThat(JsSemantics.numberToString(1e21)).isEqualTo("1e+21");
    assertThat(JsSemantics.numberToString(1e16)).isEqualTo("10000000000000000");
    assertThat(PythonJson.floatRepr(1e16)).isEqualTo("1e+16");
    assertThat(JsSemantics.numberToString(0.00001)).isEqualTo("0.00001");
    assertThat(PythonJson.floatRepr(0.00001)).isEqualTo("1e-05");
    assertThat(PythonJson.floatRepr(0.0001)).isEqualTo("0.0001");
    assertThat(JsSemantics.numberToString(123.45)).isEqualTo("123.45");
    assertThat(PythonJson.floatRepr(123.45)).isEqualTo("123.45");
  }
}
