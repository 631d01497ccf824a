package com.jsmai.node.chat;

import com.jsmai.node.chat.JinjaLexer.Token;
import com.jsmai.node.chat.JinjaLexer.Type;
import com.jsmai.node.chat.JinjaNode.ArrayLiteral;
import com.jsmai.node.chat.JinjaNode.Binary;
import com.jsmai.node.chat.JinjaNode.Call;
import com.jsmai.node.chat.JinjaNode.Identifier;
import com.jsmai.node.chat.JinjaNode.KeywordArgument;
import com.jsmai.node.chat.JinjaNode.TupleLiteral;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recursive-descent parser, a port of the reference renderer's parser so that precedence and the
 * accepted syntax match it (for example {@code is} tests bind tighter than {@code *}).
 */
final class JinjaParser {
  private final List<Token> tokens;
  private final int endOffset;
  private int current;

  private JinjaParser(List<Token> tokens, int endOffset) {
    this.tokens = tokens;
    this.endOffset = endOffset;
  }

  static JinjaNode.Program parse(List<Token> tokens, int templateLength) {
    JinjaParser p = new JinjaParser(tokens, templateLength);
    List<JinjaNode> body = new ArrayList<>();
    while (p.current < tokens.size()) {
      body.add(p.parseAny());
    }
    return new JinjaNode.Program(body, 0);
  }

  private JinjaInterpreter.JinjaError error(String message) {
    int offset = current < tokens.size() ? tokens.get(current).offset : endOffset;
    return new JinjaInterpreter.JinjaError(message, offset);
  }

  private Token peek() {
    if (current >= tokens.size()) {
      throw error("Unexpected end of template");
    }
    return tokens.get(current);
  }

  private Token expect(Type type, String message) {
    if (current >= tokens.size()) {
      throw error("Parser Error: " + message + ", reached the end of the template");
    }
    Token prev = tokens.get(current);
    if (prev.type != type) {
      throw error("Parser Error: " + message + ", got " + prev.type + " '" + prev.value + "'");
    }
    current++;
    return prev;
  }

  private void expectIdentifier(String name) {
    if (!isIdentifier(name)) {
      throw error("Expected " + name);
    }
    ++current;
  }

  private boolean is(Type... types) {
    if (current + types.length > tokens.size()) {
      return false;
    }
    for (int i = 0; i < types.length; i++) {
      if (tokens.get(current + i).type != types[i]) {
        return false;
      }
    }
    return true;
  }

  private boolean isStatement(String... names) {
    if (current + 1 >= tokens.size()) {
      return false;
    }
    Token open = tokens.get(current);
    Token name = tokens.get(current + 1);
    if (open.type != Type.OPEN_STATEMENT || name.type != Type.IDENTIFIER) {
      return false;
    }
    for (String n : names) {
      if (n.equals(name.value)) {
        return true;
      }
    }
    return false;
  }

  private boolean isIdentifier(String... names) {
    if (current + names.length > tokens.size()) {
      return false;
    }
    for (int i = 0; i < names.length; i++) {
      Token t = tokens.get(current + i);
      if (t.type != Type.IDENTIFIER || !names[i].equals(t.value)) {
        return false;
      }
    }
    return true;
  }

  /** Parses statements until one of {@code {% names %}} starts; fails at the end of input. */
  private List<JinjaNode> parseUntil(String... names) {
    List<JinjaNode> body = new ArrayList<>();
    while (!isStatement(names)) {
      if (current >= tokens.size()) {
        throw error(
            "Unexpected end of template, expected {% " + String.join(" or ", names) + " %}");
      }
      body.add(parseAny());
    }
    return body;
  }

  private JinjaNode parseAny() {
    Token t = peek();
    switch (t.type) {
      case COMMENT:
        current++;
        return new JinjaNode.Comment(t.value, t.offset);
      case TEXT:
        current++;
        return new JinjaNode.StringLiteral(t.value, t.offset);
      case OPEN_STATEMENT:
        return parseJinjaStatement();
      case OPEN_EXPRESSION:
        return parseJinjaExpression();
      default:
        throw error("Unexpected token type: " + t.type);
    }
  }

  private JinjaNode parseJinjaStatement() {
    Token open = expect(Type.OPEN_STATEMENT, "Expected opening statement token");
    Token nameToken = peek();
    if (nameToken.type != Type.IDENTIFIER) {
      throw error("Unknown statement, got " + nameToken.type);
    }
    String name = nameToken.value;
    JinjaNode result;
    switch (name) {
      case "set":
        ++current;
        result = parseSetStatement(open.offset);
        break;
      case "if":
        ++current;
        result = parseIfStatement(open.offset);
        expect(Type.OPEN_STATEMENT, "Expected {% token");
        expectIdentifier("endif");
        expect(Type.CLOSE_STATEMENT, "Expected %} token");
        break;
      case "macro":
        ++current;
        result = parseMacroStatement(open.offset);
        expect(Type.OPEN_STATEMENT, "Expected {% token");
        expectIdentifier("endmacro");
        expect(Type.CLOSE_STATEMENT, "Expected %} token");
        break;
      case "for":
        ++current;
        result = parseForStatement(open.offset);
        expect(Type.OPEN_STATEMENT, "Expected {% token");
        expectIdentifier("endfor");
        expect(Type.CLOSE_STATEMENT, "Expected %} token");
        break;
      case "call":
        {
          ++current;
          List<JinjaNode> callerArgs = null;
          if (is(Type.OPEN_PAREN)) {
            callerArgs = parseArgs(true);
          }
          JinjaNode callee = parsePrimaryExpression();
          if (!(callee instanceof Identifier)) {
            throw error("Expected identifier following call statement");
          }
          List<JinjaNode> callArgs = parseArgs(false);
          expect(Type.CLOSE_STATEMENT, "Expected closing statement token");
          List<JinjaNode> body = parseUntil("endcall");
          expect(Type.OPEN_STATEMENT, "Expected '{%'");
          expectIdentifier("endcall");
          expect(Type.CLOSE_STATEMENT, "Expected closing statement token");
          result =
              new JinjaNode.CallStatement(
                  new Call(callee, callArgs, callee.offset()), callerArgs, body, open.offset);
          break;
        }
      case "break":
        ++current;
        expect(Type.CLOSE_STATEMENT, "Expected closing statement token");
        result = new JinjaNode.Break(open.offset);
        break;
      case "continue":
        ++current;
        expect(Type.CLOSE_STATEMENT, "Expected closing statement token");
        result = new JinjaNode.Continue(open.offset);
        break;
      case "filter":
        {
          ++current;
          JinjaNode filterNode = parsePrimaryExpression();
          if (filterNode instanceof Identifier && is(Type.OPEN_PAREN)) {
            filterNode = parseCallExpression(filterNode);
          }
          expect(Type.CLOSE_STATEMENT, "Expected closing statement token");
          List<JinjaNode> body = parseUntil("endfilter");
          expect(Type.OPEN_STATEMENT, "Expected '{%'");
          expectIdentifier("endfilter");
          expect(Type.CLOSE_STATEMENT, "Expected '%}'");
          result = new JinjaNode.FilterStatement(filterNode, body, open.offset);
          break;
        }
      default:
        throw error("Unknown statement type: " + name); // points at the statement name
    }
    return result;
  }

  private JinjaNode parseJinjaExpression() {
    expect(Type.OPEN_EXPRESSION, "Expected opening expression token");
    JinjaNode result = parseExpression();
    expect(Type.CLOSE_EXPRESSION, "Expected closing expression token");
    return result;
  }

  private JinjaNode parseSetStatement(int offset) {
    JinjaNode left = parseExpressionSequence(false);
    JinjaNode value = null;
    List<JinjaNode> body = new ArrayList<>();
    if (is(Type.EQUALS)) {
      ++current;
      value = parseExpressionSequence(false);
    } else {
      expect(Type.CLOSE_STATEMENT, "Expected %} token");
      body = parseUntil("endset");
      expect(Type.OPEN_STATEMENT, "Expected {% token");
      expectIdentifier("endset");
    }
    expect(Type.CLOSE_STATEMENT, "Expected closing statement token");
    return new JinjaNode.Set(left, value, body, offset);
  }

  private JinjaNode.If parseIfStatement(int offset) {
    JinjaNode test = parseExpression();
    expect(Type.CLOSE_STATEMENT, "Expected closing statement token");
    List<JinjaNode> body = parseUntil("elif", "else", "endif");
    List<JinjaNode> alternate = new ArrayList<>();
    if (isStatement("elif")) {
      int elifOffset = tokens.get(current).offset;
      current += 2;
      alternate.add(parseIfStatement(elifOffset));
    } else if (isStatement("else")) {
      current += 2;
      expect(Type.CLOSE_STATEMENT, "Expected closing statement token");
      alternate = parseUntil("endif");
    }
    return new JinjaNode.If(test, body, alternate, offset);
  }

  private JinjaNode.Macro parseMacroStatement(int offset) {
    JinjaNode name = parsePrimaryExpression();
    if (!(name instanceof Identifier id)) {
      throw error("Expected identifier following macro statement");
    }
    List<JinjaNode> args = parseArgs(true);
    expect(Type.CLOSE_STATEMENT, "Expected closing statement token");
    List<JinjaNode> body = parseUntil("endmacro");
    return new JinjaNode.Macro(id, args, body, offset);
  }

  private JinjaNode parseExpressionSequence(boolean primary) {
    int offset = current < tokens.size() ? tokens.get(current).offset : endOffset;
    List<JinjaNode> expressions = new ArrayList<>();
    expressions.add(primary ? parsePrimaryExpression() : parseExpression());
    boolean isTuple = is(Type.COMMA);
    while (isTuple) {
      ++current;
      expressions.add(primary ? parsePrimaryExpression() : parseExpression());
      if (!is(Type.COMMA)) {
        break;
      }
    }
    return isTuple ? new TupleLiteral(expressions, offset) : expressions.get(0);
  }

  private JinjaNode.For parseForStatement(int offset) {
    JinjaNode loopVariable = parseExpressionSequence(true);
    if (!(loopVariable instanceof Identifier || loopVariable instanceof TupleLiteral)) {
      throw error("Expected identifier/tuple for the loop variable");
    }
    if (!isIdentifier("in")) {
      throw error("Expected `in` keyword following loop variable");
    }
    ++current;
    JinjaNode iterable = parseExpression();
    expect(Type.CLOSE_STATEMENT, "Expected closing statement token");
    List<JinjaNode> body = parseUntil("endfor", "else");
    List<JinjaNode> alternative = new ArrayList<>();
    if (isStatement("else")) {
      current += 2;
      expect(Type.CLOSE_STATEMENT, "Expected closing statement token");
      alternative = parseUntil("endfor");
    }
    return new JinjaNode.For(loopVariable, iterable, body, alternative, offset);
  }

  private JinjaNode parseExpression() {
    return parseIfExpression();
  }

  private JinjaNode parseIfExpression() {
    JinjaNode a = parseLogicalOrExpression();
    if (isIdentifier("if")) {
      int offset = tokens.get(current).offset;
      ++current;
      JinjaNode test = parseLogicalOrExpression();
      if (isIdentifier("else")) {
        ++current;
        JinjaNode falseExpr = parseIfExpression();
        return new JinjaNode.Ternary(test, a, falseExpr, offset);
      }
      return new JinjaNode.Select(a, test, offset);
    }
    return a;
  }

  private JinjaNode parseLogicalOrExpression() {
    JinjaNode left = parseLogicalAndExpression();
    while (isIdentifier("or")) {
      Token operator = tokens.get(current++);
      JinjaNode right = parseLogicalAndExpression();
      left = new Binary(operator.value, left, right, operator.offset);
    }
    return left;
  }

  private JinjaNode parseLogicalAndExpression() {
    JinjaNode left = parseLogicalNegationExpression();
    while (isIdentifier("and")) {
      Token operator = tokens.get(current++);
      JinjaNode right = parseLogicalNegationExpression();
      left = new Binary(operator.value, left, right, operator.offset);
    }
    return left;
  }

  private JinjaNode parseLogicalNegationExpression() {
    JinjaNode right = null;
    while (isIdentifier("not")) {
      Token operator = tokens.get(current++);
      JinjaNode arg = parseLogicalNegationExpression();
      right = new JinjaNode.Unary(operator.value, arg, operator.offset);
    }
    return right != null ? right : parseComparisonExpression();
  }

  private JinjaNode parseComparisonExpression() {
    JinjaNode left = parseAdditiveExpression();
    while (true) {
      String operator;
      int offset = current < tokens.size() ? tokens.get(current).offset : endOffset;
      if (isIdentifier("not", "in")) {
        operator = "not in";
        current += 2;
      } else if (isIdentifier("in")) {
        operator = tokens.get(current++).value;
      } else if (is(Type.COMPARISON_BINARY_OPERATOR)) {
        operator = tokens.get(current++).value;
      } else {
        break;
      }
      JinjaNode right = parseAdditiveExpression();
      left = new Binary(operator, left, right, offset);
    }
    return left;
  }

  private JinjaNode parseAdditiveExpression() {
    JinjaNode left = parseMultiplicativeExpression();
    while (is(Type.ADDITIVE_BINARY_OPERATOR)) {
      Token operator = tokens.get(current++);
      JinjaNode right = parseMultiplicativeExpression();
      left = new Binary(operator.value, left, right, operator.offset);
    }
    return left;
  }

  private JinjaNode parseCallMemberExpression() {
    JinjaNode member = parseMemberExpression(parsePrimaryExpression());
    if (is(Type.OPEN_PAREN)) {
      return parseCallExpression(member);
    }
    return member;
  }

  private JinjaNode parseCallExpression(JinjaNode callee) {
    JinjaNode expression = new Call(callee, parseArgs(false), callee.offset());
    expression = parseMemberExpression(expression);
    if (is(Type.OPEN_PAREN)) {
      expression = parseCallExpression(expression);
    }
    return expression;
  }

  private List<JinjaNode> parseArgs(boolean parameters) {
    expect(Type.OPEN_PAREN, "Expected opening parenthesis for arguments list");
    List<JinjaNode> args = parseArgumentsList(parameters);
    expect(Type.CLOSE_PAREN, "Expected closing parenthesis for arguments list");
    return args;
  }

  private List<JinjaNode> parseArgumentsList(boolean parameters) {
    List<JinjaNode> args = new ArrayList<>();
    Set<String> parameterNames = new HashSet<>();
    boolean sawKeywordOrDefault = false;
    boolean sawSpreadArgument = false;
    while (!is(Type.CLOSE_PAREN)) {
      if (current >= tokens.size()) {
        throw error("Unexpected end of template in an argument list");
      }
      boolean isKeywordSpread = is(Type.EXPONENTIATION_BINARY_OPERATOR);
      boolean isPositionalSpread =
          is(Type.MULTIPLICATIVE_BINARY_OPERATOR) && tokens.get(current).value.equals("*");
      if (parameters && (isKeywordSpread || isPositionalSpread)) {
        throw error("Argument unpacking is not allowed in parameter declarations");
      }
      if (isKeywordSpread) {
        int offset = tokens.get(current++).offset;
        args.add(new JinjaNode.KeywordSpread(parseExpression(), offset));
        if (is(Type.COMMA)) {
          ++current;
        }
        if (!is(Type.CLOSE_PAREN)) {
          throw error("Expected closing parenthesis: `**` must be applied to the final argument");
        }
        break;
      }
      JinjaNode argument;
      if (isPositionalSpread) {
        if (sawSpreadArgument) {
          throw error("Only one `*` argument unpacking is allowed");
        }
        sawSpreadArgument = true;
        int offset = tokens.get(current++).offset;
        argument = new JinjaNode.Spread(parseExpression(), offset);
      } else {
        argument = parseExpression();
        if (is(Type.EQUALS)) {
          ++current;
          if (!(argument instanceof Identifier id)) {
            throw error(
                parameters
                    ? "Expected identifier for parameter declaration"
                    : "Expected identifier for keyword argument");
          }
          JinjaNode value = parseExpression();
          argument = new KeywordArgument(id, value, id.offset());
        }
        if (parameters) {
          String parameterName;
          if (argument instanceof Identifier id) {
            parameterName = id.value();
          } else if (argument instanceof KeywordArgument kw) {
            parameterName = kw.key().value();
          } else {
            throw error("Expected identifier for parameter declaration");
          }
          if (!parameterNames.add(parameterName)) {
            throw error("Duplicate parameter name: " + parameterName);
          }
        }
        if (argument instanceof KeywordArgument) {
          sawKeywordOrDefault = true;
        } else if (sawKeywordOrDefault) {
          throw error(
              parameters
                  ? "Non-default argument follows default argument"
                  : "Positional arguments must come before keyword arguments");
        } else if (sawSpreadArgument) {
          throw error("Positional arguments must not follow `*` argument unpacking");
        }
      }
      args.add(argument);
      if (is(Type.COMMA)) {
        ++current;
      }
    }
    return args;
  }

  private JinjaNode parseMemberExpressionArgumentsList() {
    int offset = current < tokens.size() ? tokens.get(current).offset : endOffset;
    List<JinjaNode> slices = new ArrayList<>();
    boolean isSlice = false;
    while (!is(Type.CLOSE_SQUARE_BRACKET)) {
      if (current >= tokens.size()) {
        throw error("Unexpected end of template in a subscript");
      }
      if (is(Type.COLON)) {
        slices.add(null);
        ++current;
        isSlice = true;
      } else {
        slices.add(parseExpression());
        if (is(Type.COLON)) {
          ++current;
          isSlice = true;
        }
      }
    }
    if (slices.isEmpty()) {
      throw error("Expected at least one argument for member/slice expression");
    }
    if (isSlice) {
      if (slices.size() > 3) {
        throw error("Expected 0-3 arguments for slice expression");
      }
      return new JinjaNode.Slice(
          slices.get(0),
          slices.size() > 1 ? slices.get(1) : null,
          slices.size() > 2 ? slices.get(2) : null,
          offset);
    }
    return slices.get(0);
  }

  private JinjaNode parseMemberExpression(JinjaNode object) {
    while (is(Type.DOT) || is(Type.OPEN_SQUARE_BRACKET)) {
      Token operator = tokens.get(current++);
      JinjaNode property;
      boolean computed = operator.type == Type.OPEN_SQUARE_BRACKET;
      if (computed) {
        property = parseMemberExpressionArgumentsList();
        expect(Type.CLOSE_SQUARE_BRACKET, "Expected closing square bracket");
      } else {
        property = parsePrimaryExpression();
        if (!(property instanceof Identifier || property instanceof JinjaNode.IntegerLiteral)) {
          throw error("Expected identifier or integer following dot operator");
        }
      }
      object = new JinjaNode.Member(object, property, computed, operator.offset);
    }
    return object;
  }

  private JinjaNode parseMultiplicativeExpression() {
    JinjaNode left = parsePowerExpression();
    while (is(Type.MULTIPLICATIVE_BINARY_OPERATOR)) {
      Token operator = tokens.get(current++);
      JinjaNode right = parsePowerExpression();
      left = new Binary(operator.value, left, right, operator.offset);
    }
    return left;
  }

  private JinjaNode parsePowerExpression() {
    JinjaNode left = parseTestExpression();
    while (is(Type.EXPONENTIATION_BINARY_OPERATOR)) {
      Token operator = tokens.get(current++);
      JinjaNode right = parseTestExpression();
      left = new Binary(operator.value, left, right, operator.offset);
    }
    return left;
  }

  private JinjaNode parseTestExpression() {
    JinjaNode operand = parseFilterExpression();
    while (isIdentifier("is")) {
      int offset = tokens.get(current++).offset;
      boolean negate = isIdentifier("not");
      if (negate) {
        ++current;
      }
      JinjaNode filter = parsePrimaryExpression();
      if (!(filter instanceof Identifier id)) {
        throw error("Expected identifier for the test");
      }
      operand = new JinjaNode.Test(operand, negate, id, offset);
    }
    return operand;
  }

  private JinjaNode parseFilterExpression() {
    JinjaNode operand = parseUnarySignExpression();
    while (is(Type.PIPE)) {
      int offset = tokens.get(current++).offset;
      JinjaNode filter = parsePrimaryExpression();
      if (!(filter instanceof Identifier)) {
        throw error("Expected identifier for the filter");
      }
      if (is(Type.OPEN_PAREN)) {
        filter = parseCallExpression(filter);
      }
      operand = new JinjaNode.Filter(operand, filter, offset);
    }
    return operand;
  }

  private JinjaNode parseUnarySignExpression() {
    if (current < tokens.size()) {
      Token token = tokens.get(current);
      if ((token.type == Type.UNARY_OPERATOR || token.type == Type.ADDITIVE_BINARY_OPERATOR)
          && (token.value.equals("-") || token.value.equals("+"))) {
        current++;
        JinjaNode argument = parseUnarySignExpression();
        return new JinjaNode.Unary(token.value, argument, token.offset);
      }
    }
    return parseCallMemberExpression();
  }

  private JinjaNode parsePrimaryExpression() {
    Token token = peek();
    current++;
    switch (token.type) {
      case NUMERIC_LITERAL:
        {
          double v = Double.parseDouble(token.value);
          return token.value.contains(".")
              ? new JinjaNode.FloatLiteral(v, token.offset)
              : new JinjaNode.IntegerLiteral(v, token.offset);
        }
      case STRING_LITERAL:
        {
          StringBuilder value = new StringBuilder(token.value);
          while (is(Type.STRING_LITERAL)) {
            value.append(tokens.get(current++).value);
          }
          return new JinjaNode.StringLiteral(value.toString(), token.offset);
        }
      case IDENTIFIER:
        return new Identifier(token.value, token.offset);
      case OPEN_PAREN:
        {
          JinjaNode expression = parseExpressionSequence(false);
          expect(Type.CLOSE_PAREN, "Expected closing parenthesis");
          return expression;
        }
      case OPEN_SQUARE_BRACKET:
        {
          List<JinjaNode> values = new ArrayList<>();
          while (!is(Type.CLOSE_SQUARE_BRACKET)) {
            if (current >= tokens.size()) {
              throw error("Unexpected end of template in a list literal");
            }
            values.add(parseExpression());
            if (is(Type.COMMA)) {
              ++current;
            }
          }
          ++current;
          return new ArrayLiteral(values, token.offset);
        }
      case OPEN_CURLY_BRACKET:
        {
          List<Map.Entry<JinjaNode, JinjaNode>> values = new ArrayList<>();
          while (!is(Type.CLOSE_CURLY_BRACKET)) {
            if (current >= tokens.size()) {
              throw error("Unexpected end of template in a dict literal");
            }
            JinjaNode key = parseExpression();
            expect(Type.COLON, "Expected colon between key and value in object literal");
            JinjaNode value = parseExpression();
            values.add(new AbstractMap.SimpleImmutableEntry<>(key, value));
            if (is(Type.COMMA)) {
              ++current;
            }
          }
          ++current;
          return new JinjaNode.ObjectLiteral(values, token.offset);
        }
      default:
        current--;
        throw error("Unexpected token: " + token.type + " '" + token.value + "'");
    }
  }
}
