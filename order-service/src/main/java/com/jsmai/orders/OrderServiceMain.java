package com.jsmai.orders;

/** Starts the sample order service. */
public final class OrderServiceMain {
  private OrderServiceMain() {}

  public static void main(String[] args) {
    System.err.println("usage: order-service [--port 8480]");
    System.exit(2);
  }
}
