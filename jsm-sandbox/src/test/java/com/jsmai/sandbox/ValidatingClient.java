package com.jsmai.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;

/**
 * An HTTP client for tests that validates every request it sends and every response it gets against
 * the official OpenAPI documents: servicedeskapi against {@code jsm-cloud.v3.json} (both flavours;
 * Data Center has no document and the same shapes), {@code /rest/api/3} against the Cloud platform
 * document, {@code /rest/api/2} against the Data Center document on DC and against the Cloud
 * platform document (path rewritten to v3) on Cloud, where v2 and v3 differ only in text fields the
 * document leaves untyped. Other paths (webhook admin, {@code /_sandbox}) have no document and are
 * not validated.
 */
final class ValidatingClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");

  private final String baseUrl;
  private final Flavor flavor;
  private final boolean validate;
  private final List<String> failures = new ArrayList<>();
  private int validated;
  private final OkHttpClient http;

  ValidatingClient(String baseUrl, Flavor flavor, boolean validate) {
    this.baseUrl = baseUrl;
    this.flavor = flavor;
    this.validate = validate;
    this.http = new OkHttpClient.Builder().addInterceptor(this::intercept).build();
  }

  /** An answer: status, headers, and the body parsed as JSON when it is JSON. */
  record Answer(int status, okhttp3.Headers headers, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }
  }

  Answer get(String path, SandboxAccount as) {
    return send("GET", path, null, as == null ? null : as.authorization());
  }

  Answer post(String path, Object body, SandboxAccount as) {
    return send("POST", path, body, as == null ? null : as.authorization());
  }

  Answer put(String path, Object body, SandboxAccount as) {
    return send("PUT", path, body, as == null ? null : as.authorization());
  }

  Answer delete(String path, SandboxAccount as) {
    return send("DELETE", path, null, as == null ? null : as.authorization());
  }

  Answer send(String method, String path, Object body, String authorization) {
    RequestBody rb = null;
    if (body != null) {
      try {
        rb =
            RequestBody.create(
                body instanceof String s ? s : JSON.writeValueAsString(body), JSON_TYPE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else if (method.equals("POST") || method.equals("PUT")) {
      rb = RequestBody.create(new byte[0], null);
    }
    Request.Builder req = new Request.Builder().url(baseUrl + path).method(method, rb);
    if (authorization != null) {
      req.header("Authorization", authorization);
    }
    try (Response r = http.newCall(req.build()).execute()) {
      ResponseBody b = r.body();
      return new Answer(r.code(), r.headers(), b == null ? "" : b.string());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Response intercept(Interceptor.Chain chain) throws IOException {
    Request request = chain.request();
    Response response = chain.proceed(request);
    if (!validate) {
      return response;
    }
    String path = request.url().encodedPath();
    OpenApiInteractionValidator validator;
    String specPath = path;
    if (path.startsWith("/rest/servicedeskapi/")) {
      validator = Contracts.jsmCloud();
    } else if (path.startsWith("/rest/api/3/")) {
      validator = Contracts.platformCloud();
    } else if (path.startsWith("/rest/api/2/")) {
      if (flavor.isCloud()) {
        validator = Contracts.platformCloud();
        specPath = "/rest/api/3/" + path.substring("/rest/api/2/".length());
      } else {
        validator = Contracts.platformDc();
      }
    } else {
      return response;
    }
    String reqBody = "";
    if (request.body() != null) {
      Buffer buf = new Buffer();
      request.body().writeTo(buf);
      reqBody = buf.readUtf8();
    }
    SimpleRequest.Builder sreq = new SimpleRequest.Builder(request.method(), specPath);
    request.headers().forEach(h -> sreq.withHeader(h.getFirst(), h.getSecond()));
    if (!reqBody.isEmpty()) {
      sreq.withBody(reqBody).withContentType("application/json");
    }
    for (String name : request.url().queryParameterNames()) {
      sreq.withQueryParam(name, request.url().queryParameterValues(name));
    }
    String respBody = response.peekBody(10_000_000).string();
    SimpleResponse.Builder sresp = new SimpleResponse.Builder(response.code());
    response.headers().forEach(h -> sresp.withHeader(h.getFirst(), h.getSecond()));
    if (!respBody.isEmpty()) {
      sresp.withBody(respBody);
    }
    ValidationReport report = validator.validate(sreq.build(), sresp.build());
    synchronized (failures) {
      validated++;
      for (ValidationReport.Message m : report.getMessages()) {
        if (m.getLevel() == ValidationReport.Level.ERROR) {
          failures.add(
              request.method()
                  + " "
                  + path
                  + " -> "
                  + response.code()
                  + ": ["
                  + m.getKey()
                  + "] "
                  + m.getMessage()
                  + " "
                  + m.getContext().map(Object::toString).orElse(""));
        }
      }
    }
    return response;
  }

  /** A client for the same sandbox that sends deliberately invalid requests without validation. */
  ValidatingClient unvalidated() {
    return new ValidatingClient(baseUrl, flavor, false);
  }

  /** How many exchanges were validated. */
  int validatedCount() {
    synchronized (failures) {
      return validated;
    }
  }

  void assertAllValid() {
    synchronized (failures) {
      assertThat(failures).as("OpenAPI contract violations").isEmpty();
    }
  }
}
