package com.jsmai.node.server;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Tells whether the client of a request still being handled has closed its connection.
 *
 * <p>Why a probe: Jetty 11 does not read the socket while a blocking handler (or an async one
 * waiting on a future) runs once the request body is consumed, so a client that closes the
 * connection is only noticed on the next write. A non-streaming answer writes nothing until it is
 * complete, so the sequence would run to max_tokens for nobody. This probe does a non-blocking read
 * of at most one byte on the HTTP/1.1 connection's socket: {@code -1} (FIN) or an I/O error (RST)
 * means the client is gone.
 *
 * <p>A read that returns a byte means the client pipelined its next request on this connection;
 * that byte is now lost to Jetty's parser, so the response gets {@code Connection: close} (a
 * pipelining client must retry requests that a closed connection left unanswered, RFC 9112 9.3.2)
 * and probing stops. Connections other than plain HTTP/1.1 over a socket (TLS, HTTP/2) are never
 * reported gone.
 */
final class ClientConnection {
  private final EndPoint endPoint;
  private final HttpServletResponse response;
  private final ByteBuffer oneByte = BufferUtil.allocate(1);
  private boolean stopped;

  private ClientConnection(EndPoint endPoint, HttpServletResponse response) {
    this.endPoint = endPoint;
    this.response = response;
    this.stopped = endPoint == null;
  }

  static ClientConnection of(HttpServletRequest request, HttpServletResponse response) {
    Request base = Request.getBaseRequest(request);
    EndPoint ep =
        base == null || base.getHttpChannel() == null ? null : base.getHttpChannel().getEndPoint();
    return new ClientConnection(ep instanceof SocketChannelEndPoint ? ep : null, response);
  }

  /** True once the peer has closed or reset the connection. Call from the handler thread only. */
  boolean isGone() {
    if (stopped) {
      return false;
    }
    if (!endPoint.isOpen()) {
      return true;
    }
    BufferUtil.clear(oneByte);
    int n;
    try {
      n = endPoint.fill(oneByte); // non-blocking: 0 when nothing arrived
    } catch (IOException e) {
      return true; // connection reset
    }
    if (n < 0) {
      return true;
    }
    if (n > 0) {
      stopped = true;
      if (!response.isCommitted()) {
        response.setHeader("Connection", "close");
      }
    }
    return false;
  }
}
