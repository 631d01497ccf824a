package com.jsmai.plugin.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;

/** The connection pool for the plugin's outgoing OkHttp clients (Jira, tool services). */
public final class ClientPools {
  /**
   * How long an idle outgoing connection stays in the pool: shorter than common server idle
   * timeouts (Apache httpd and Node.js close after 5 s, Tomcat after 20 s, Jetty after 30 s).
   * OkHttp's default of 5 minutes reused connections the server had already closed: the next
   * request failed with "unexpected end of stream" (a Jira GET waited a retry backoff, a Jira write
   * and a tool lookup were not retried at all). A new connection costs far less than that.
   */
  public static final Duration IDLE_KEEP_ALIVE = Duration.ofSeconds(4);

  private ClientPools() {}

  /** A new pool (OkHttp's default of 5 idle connections) that drops idle ones after 4 s. */
  public static ConnectionPool shortIdle() {
    return new ConnectionPool(5, IDLE_KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
  }
}
