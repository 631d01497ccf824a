package com.jsmai.plugin.ratelimit;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import redis.clients.jedis.JedisPooled;

/**
 * A real {@code redis-server} on a free loopback port, without persistence, for tests. Skips the
 * calling test (JUnit assumption) when the binary is not installed.
 */
public final class RedisServerProcess implements AutoCloseable {
  private final Process process;
  private final int port;

  private RedisServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static RedisServerProcess start() throws IOException, InterruptedException {
    String binary = findBinary();
    Assumptions.assumeTrue(
        binary != null, "redis-server not installed (apt-get install redis-server); skipping");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("redis-test");
    Process p =
        new ProcessBuilder(
                binary,
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
    RedisServerProcess server = new RedisServerProcess(p, port);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (JedisPooled c = new JedisPooled("127.0.0.1", port)) {
        if ("PONG".equals(c.ping())) return server;
      } catch (RuntimeException notYet) {
        Thread.sleep(50);
      }
    }
    server.close();
    throw new IllegalStateException("redis-server did not answer on port " + port);
  }

  public int port() {
    return port;
  }

  public JedisPooled client() {
    return new JedisPooled("127.0.0.1", port);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String findBinary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, "redis-server");
      if (f.canExecute()) return f.getPath();
    }
    return null;
  }
}
