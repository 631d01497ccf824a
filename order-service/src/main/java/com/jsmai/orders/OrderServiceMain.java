package com.jsmai.orders;

import java.nio.file.Path;

/**
 * Starts the sample order service.
 *
 * <pre>
 * java -jar order-service/target/order-service.jar [--port 8480] [--host 127.0.0.1] [--data DIR]
 *     [--api-key KEY]      (or the ORDER_SERVICE_API_KEY environment variable)
 * </pre>
 */
public final class OrderServiceMain {
  private OrderServiceMain() {}

  static final String USAGE =
      "usage: order-service [--port 8480] [--host 127.0.0.1] [--data DIR] [--api-key KEY]";

  /** Whether the command line asks for the usage ({@code --help} or {@code -h}) anywhere. */
  static boolean wantsHelp(String[] args) {
    for (String a : args) {
      if (a.equals("--help") || a.equals("-h")) return true;
    }
    return false;
  }

  public static void main(String[] args) {
    if (wantsHelp(args)) {
      // Asked for, so on stdout with success, not as an error ("missing value after --help").
      System.out.println(USAGE);
      System.out.println("  the API key may also come from ORDER_SERVICE_API_KEY (kept out of ps)");
      return;
    }
    OrderServiceConfig config;
    try {
      config = parse(args, System.getenv("ORDER_SERVICE_API_KEY"));
    } catch (IllegalArgumentException e) {
      System.err.println("order-service: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    OrderService service = OrderService.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "order-service-shutdown"));
    // Never print the key itself.
    System.out.println(
        "order-service listening on "
            + service.baseUrl()
            + " ("
            + service.store().orderCount()
            + " orders from "
            + service.store().source()
            + "; "
            + (config.apiKey().equals(OrderServiceConfig.DEMO_API_KEY)
                ? "demo API key"
                : "configured API key")
            + ")");
  }

  static OrderServiceConfig parse(String[] args, String envKey) {
    OrderServiceConfig c = OrderServiceConfig.defaults().withPort(8480);
    if (envKey != null && !envKey.isBlank()) {
      c = c.withApiKey(envKey);
    }
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + flag);
      }
      String value = args[++i];
      switch (flag) {
        case "--port" -> {
          try {
            c = c.withPort(Integer.parseInt(value));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port needs a number, got '" + value + "'");
          }
        }
        case "--host" -> c = c.withHost(value);
        case "--data" -> c = c.withDataDir(Path.of(value));
        case "--api-key" -> c = c.withApiKey(value);
        default -> throw new IllegalArgumentException("unknown option " + flag);
      }
    }
    return c;
  }
}
