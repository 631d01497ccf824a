package com.jsmai.plugin.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 server on 127.0.0.1 that keeps connections alive but closes one that stays idle
 * longer than {@code idle}, as every real server does (Apache httpd 5 s, Node.js 5 s, Tomcat 20 s,
 * Jetty 30 s). Every request gets 200 and the same JSON body. Shared by the Jira client and HTTP
 * tool tests that prove a pooled connection closed by the server is not reused.
 */
public final class IdleClosingServer implements AutoCloseable {
  private final ServerSocket socket;
  private final Duration idle;
  private final byte[] body;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();

  public IdleClosingServer(Duration idle, String json) throws IOException {
    this.idle = idle;
    this.body = json.getBytes(StandardCharsets.UTF_8);
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "idle-closing-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public String base() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  /** Requests answered so far. */
  public int requests() {
    return requests.get();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        connections.incrementAndGet();
        Thread t = new Thread(() -> serve(s), "idle-closing-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setSoTimeout((int) idle.toMillis());
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = s.getOutputStream();
      while (true) {
        int contentLength = 0;
        String line = in.readLine(); // waits at most `idle` for the next request
        if (line == null) return;
        for (line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
          if (line.toLowerCase().startsWith("content-length:")) {
            contentLength = Integer.parseInt(line.substring(15).trim());
          }
        }
        for (int i = 0; i < contentLength; i++) in.read(); // ASCII bodies only
        requests.incrementAndGet();
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
      }
    } catch (SocketTimeoutException e) {
      // idle too long: closed by the try-with-resources, like a real server's idle timeout
    } catch (IOException e) {
      // the client went away
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
