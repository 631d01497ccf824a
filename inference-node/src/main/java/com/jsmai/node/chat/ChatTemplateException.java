package com.jsmai.node.chat;

/**
 * A chat template could not be compiled or rendered: unsupported or invalid syntax, a runtime type
 * error, or the template's own {@code raise_exception(...)}. The message names the template line
 * and column (1-based) when known.
 */
public final class ChatTemplateException extends RuntimeException {
  private final int line;
  private final int column;
  private final boolean raisedByTemplate;

  ChatTemplateException(String detail, int line, int column, boolean raisedByTemplate) {
    super(
        (raisedByTemplate ? "chat template raised an exception: " : "chat template error: ")
            + detail
            + (line > 0 ? " (template line " + line + ", column " + column + ")" : ""));
    this.line = line;
    this.column = column;
    this.raisedByTemplate = raisedByTemplate;
  }

  /** 1-based line in the template source, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** 1-based column in the template source, or 0 when unknown. */
  public int column() {
    return column;
  }

  /** True when the template itself called {@code raise_exception}, i.e. the input was refused. */
  public boolean raisedByTemplate() {
    return raisedByTemplate;
  }
}
