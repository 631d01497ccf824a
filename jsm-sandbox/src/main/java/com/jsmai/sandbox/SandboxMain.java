package com.jsmai.sandbox;

/** Starts the JSM simulator. */
public final class SandboxMain {
  private SandboxMain() {}

  public static void main(String[] args) {
    System.err.println("usage: jsm-sandbox [--port 8180]");
    System.exit(2);
  }
}
