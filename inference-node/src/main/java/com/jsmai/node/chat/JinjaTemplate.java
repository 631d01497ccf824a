package com.jsmai.node.chat;

import java.util.Map;

/**
 * A compiled Jinja template. Compilation happens once; each render gets a fresh interpreter, so a
 * template may be rendered from several threads at once.
 */
final class JinjaTemplate {
  private final String source;
  private final JinjaNode.Program program;

  private JinjaTemplate(String source, JinjaNode.Program program) {
    this.source = source;
    this.program = program;
  }

  static JinjaTemplate compile(String source) {
    try {
      return new JinjaTemplate(
          source, JinjaParser.parse(JinjaLexer.tokenize(source), source.length()));
    } catch (JinjaInterpreter.JinjaError e) {
      throw toException(source, e);
    } catch (RuntimeException e) {
      throw new ChatTemplateException("cannot parse: " + e, 0, 0, false);
    }
  }

  String source() {
    return source;
  }

  /** Renders with the given variables, declared in order after the globals. */
  String render(Map<String, JinjaValue> variables) {
    JinjaInterpreter.Env env = JinjaInterpreter.globals();
    try {
      variables.forEach(env::declare);
      return new JinjaInterpreter().run(program, env);
    } catch (JinjaInterpreter.JinjaError e) {
      throw toException(source, e);
    } catch (StackOverflowError e) {
      throw new ChatTemplateException("recursion too deep", 0, 0, false);
    }
  }

  private static ChatTemplateException toException(String source, JinjaInterpreter.JinjaError e) {
    int line = 0;
    int column = 0;
    if (e.offset >= 0) {
      line = 1;
      column = 1;
      int end = Math.min(e.offset, source.length());
      for (int i = 0; i < end; i++) {
        if (source.charAt(i) == '\n') {
          line++;
          column = 1;
        } else {
          column++;
        }
      }
    }
    return new ChatTemplateException(e.getMessage(), line, column, e.raised);
  }
}
