package com.jsmai.node;

/** Command-line entry point of the inference node; subcommands are added by the engine work. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.err.println("usage: inference-node <make-test-model|render-chat|generate|bench|serve> ...");
    System.exit(args.length == 0 ? 2 : 1);
  }
}
