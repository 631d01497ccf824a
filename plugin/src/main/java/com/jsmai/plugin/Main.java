package com.jsmai.plugin;

/** Command-line entry point of the plugin service: {@code plugin.jar serve --config FILE}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.err.println("usage: plugin serve --config FILE");
    System.exit(2);
  }
}
