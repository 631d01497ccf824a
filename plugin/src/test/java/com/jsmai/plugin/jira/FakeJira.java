package com.jsmai.plugin.jira;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A MockWebServer that answers Jira routes with canned JSM payloads ("METHOD /path" without the
 * query), records every request for contract validation, and can put one-off answers (429s) in
 * front of a route.
 */
final class FakeJira implements AutoCloseable {
  final MockWebServer server = new MockWebServer();
  private final Map<String, MockResponse> routes = new ConcurrentHashMap<>();
  private final Map<String, Deque<MockResponse>> once = new ConcurrentHashMap<>();
  private final List<RecordedRequest> recorded =
      java.util.Collections.synchronizedList(new ArrayList<>());

  FakeJira() throws IOException {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            recorded.add(request);
            String key = request.getMethod() + " " + request.getRequestUrl().encodedPath();
            Deque<MockResponse> q = once.get(key);
            if (q != null) {
              MockResponse r = q.poll();
              if (r != null) {
                return r;
              }
            }
            MockResponse r = routes.get(key);
            if (r != null) {
              return r;
            }
            return json(
                404, "{\"errorMessages\":[\"no route " + key + " in FakeJira\"],\"errors\":{}}");
          }
        });
    server.start();
  }

  String baseUrl() {
    String s = server.url("/").toString();
    return s.substring(0, s.length() - 1);
  }

  FakeJira on(String methodAndPath, int status, String body) {
    routes.put(methodAndPath, json(status, body));
    return this;
  }

  FakeJira first(String methodAndPath, MockResponse response) {
    once.computeIfAbsent(methodAndPath, k -> new ArrayDeque<>()).add(response);
    return this;
  }

  static MockResponse json(int status, String body) {
    return new MockResponse()
        .setResponseCode(status)
        .setHeader("Content-Type", "application/json;charset=UTF-8")
        .setBody(body);
  }

  List<RecordedRequest> requests() {
    synchronized (recorded) {
      return List.copyOf(recorded);
    }
  }

  @Override
  public void close() throws IOException {
    server.shutdown();
  }
}
