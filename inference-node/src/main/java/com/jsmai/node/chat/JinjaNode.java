package com.jsmai.node.chat;

import java.util.List;
import java.util.Map;

/**
 * Syntax tree of a template, mirroring the reference renderer's AST. {@code offset} is the start of
 * the node in the original template (for error positions).
 */
sealed interface JinjaNode {

  int offset();

  record Program(List<JinjaNode> body, int offset) implements JinjaNode {}

  record If(JinjaNode test, List<JinjaNode> body, List<JinjaNode> alternate, int offset)
      implements JinjaNode {}

  record For(
      JinjaNode loopVar,
      JinjaNode iterable,
      List<JinjaNode> body,
      List<JinjaNode> defaultBlock,
      int offset)
      implements JinjaNode {}

  record Break(int offset) implements JinjaNode {}

  record Continue(int offset) implements JinjaNode {}

  /** {@code {% set x = v %}} ({@code value} non-null) or {@code {% set x %}body{% endset %}}. */
  record Set(JinjaNode assignee, JinjaNode value, List<JinjaNode> body, int offset)
      implements JinjaNode {}

  record Macro(Identifier name, List<JinjaNode> args, List<JinjaNode> body, int offset)
      implements JinjaNode {}

  record Comment(String value, int offset) implements JinjaNode {}

  record Member(JinjaNode object, JinjaNode property, boolean computed, int offset)
      implements JinjaNode {}

  record Call(JinjaNode callee, List<JinjaNode> args, int offset) implements JinjaNode {}

  record Identifier(String value, int offset) implements JinjaNode {}

  record IntegerLiteral(double value, int offset) implements JinjaNode {}

  record FloatLiteral(double value, int offset) implements JinjaNode {}

  record StringLiteral(String value, int offset) implements JinjaNode {}

  record ArrayLiteral(List<JinjaNode> value, int offset) implements JinjaNode {}

  record TupleLiteral(List<JinjaNode> value, int offset) implements JinjaNode {}

  record ObjectLiteral(List<Map.Entry<JinjaNode, JinjaNode>> value, int offset)
      implements JinjaNode {}

  record Binary(String operator, JinjaNode left, JinjaNode right, int offset)
      implements JinjaNode {}

  /** {@code operand | filter}; {@code filter} is an Identifier or a Call. */
  record Filter(JinjaNode operand, JinjaNode filter, int offset) implements JinjaNode {}

  record FilterStatement(JinjaNode filter, List<JinjaNode> body, int offset) implements JinjaNode {}

  /** {@code lhs if test} without else: undefined when the test fails. */
  record Select(JinjaNode lhs, JinjaNode test, int offset) implements JinjaNode {}

  record Test(JinjaNode operand, boolean negate, Identifier test, int offset)
      implements JinjaNode {}

  record Unary(String operator, JinjaNode argument, int offset) implements JinjaNode {}

  /** A slice; absent parts are null. */
  record Slice(JinjaNode start, JinjaNode stop, JinjaNode step, int offset) implements JinjaNode {}

  record KeywordArgument(Identifier key, JinjaNode value, int offset) implements JinjaNode {}

  record Spread(JinjaNode argument, int offset) implements JinjaNode {}

  record KeywordSpread(JinjaNode argument, int offset) implements JinjaNode {}

  record CallStatement(Call call, List<JinjaNode> callerArgs, List<JinjaNode> body, int offset)
      implements JinjaNode {}

  record Ternary(JinjaNode condition, JinjaNode trueExpr, JinjaNode falseExpr, int offset)
      implements JinjaNode {}
}
