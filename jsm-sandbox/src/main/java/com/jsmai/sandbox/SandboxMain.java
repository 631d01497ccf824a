package com.jsmai.sandbox;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Starts the JSM simulator from the command line.
 *
 * <pre>
 * java -jar jsm-sandbox/target/jsm-sandbox.jar [--port 8180] [--host 127.0.0.1] [--flavor cloud|dc]
 *     [--data DIR] [--snapshot FILE] [--webhook-retries N] [--webhook-retry-delay-ms MS]
 * </pre>
 */
public final class SandboxMain {
  private SandboxMain() {}

  static final String USAGE =
      "usage: jsm-sandbox [--port 8180] [--host 127.0.0.1] [--flavor cloud|dc] [--data DIR]"
          + " [--snapshot FILE] [--webhook-retries N] [--webhook-retry-delay-ms MS]";

  /** Whether the command line asks for the usage ({@code --help} or {@code -h}) anywhere. */
  static boolean wantsHelp(String[] args) {
    for (String a : args) {
      if (a.equals("--help") || a.equals("-h")) return true;
    }
    return false;
  }

  public static void main(String[] args) {
    if (wantsHelp(args)) {
      // Asked for, so on stdout with success, not as the error "help requested" with status 2.
      System.out.println(USAGE);
      return;
    }
    SandboxConfig config;
    try {
      config = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("jsm-sandbox: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    JsmSandbox sandbox = JsmSandbox.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "jsm-sandbox-shutdown"));
    System.out.println(
        "jsm-sandbox ("
            + config.flavor().name().toLowerCase()
            + ") listening on "
            + sandbox.baseUrl()
            + "  portal: "
            + sandbox.baseUrl()
            + "/portal");
  }

  static SandboxConfig parse(String[] args) {
    SandboxConfig c = SandboxConfig.defaults().withPort(8180);
    int retries = -1;
    Duration delay = Duration.ofSeconds(1);
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--help") || flag.equals("-h")) {
        throw new IllegalArgumentException("help requested");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + flag);
      }
      String value = args[++i];
      switch (flag) {
        case "--port" -> c = c.withPort(parseInt(flag, value));
        case "--host" -> c = c.withHost(value);
        case "--flavor" -> c = c.withFlavor(Flavor.parse(value));
        case "--data" -> c = c.withDataDir(Path.of(value));
        case "--snapshot" -> c = c.withSnapshotFile(Path.of(value));
        case "--webhook-retries" -> retries = parseInt(flag, value);
        case "--webhook-retry-delay-ms" -> delay = Duration.ofMillis(parseInt(flag, value));
        default -> throw new IllegalArgumentException("unknown option " + flag);
      }
    }
    return c.withWebhookRetries(retries, delay);
  }

  private static int parseInt(String flag, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " needs a number, got '" + value + "'");
    }
  }
}
