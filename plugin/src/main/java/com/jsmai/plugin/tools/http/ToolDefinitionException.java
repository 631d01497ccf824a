package com.jsmai.plugin.tools.http;

/** A tool definition file is wrong; the message names the file and the field. */
public class ToolDefinitionException extends RuntimeException {
  public ToolDefinitionException(String message, Throwable cause) {
    super(message, cause);
  }
}
