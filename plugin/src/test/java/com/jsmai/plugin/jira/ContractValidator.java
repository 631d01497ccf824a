package com.jsmai.plugin.jira;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * Validates the requests our client sent against Atlassian's official OpenAPI documents in {@code
 * ../shared/contracts} (skips when that folder is absent):
 *
 * <ul>
 *   <li>{@code /rest/api/3/...} → {@code jira-cloud-platform.v3.json}
 *   <li>{@code /rest/api/2/...} → {@code jira-dc-10.3.v3.json} (server base {@code /rest})
 *   <li>{@code /rest/servicedeskapi/...} → {@code jsm-cloud.v3.json}, for both flavours: no
 *       official spec exists for the Data Center servicedeskapi; its documented shapes match
 *       Cloud's.
 * </ul>
 *
 * Allow-list (each entry is a known gap between a spec and the real API, never a client defect):
 *
 * <ul>
 *   <li>Repeated {@code operationId}s in the Jira and JSM files: loading tolerates them.
 *   <li>{@code validation.request.security.*}: the specs declare OAuth/basic schemes the validator
 *       cannot check against our Bearer PAT on Data Center; auth is asserted by the tests instead.
 *   <li>{@link #ALLOWED}: two Data Center spec defects, each for one path and message key.
 * </ul>
 */
final class ContractValidator {
  /** A known defect of an official spec, for one method, path pattern and message key. */
  private record Allowed(String method, String pathRegex, String messageKey, String why) {
    boolean covers(String m, String path, String key) {
      return method.equals(m) && path.matches(pathRegex) && key.equals(messageKey);
    }
  }

  private static final List<Allowed> ALLOWED =
      List.of(
          new Allowed(
              "PUT",
              "/rest/api/2/issue/[^/]+/properties/[^/]+",
              "validation.request.body.schema.type",
              "DC 10.3 spec types an issue property value as a string (format json); the API takes"
                  + " any JSON value, as the Cloud spec and the DC docs say"),
          new Allowed(
              "GET",
              "/rest/api/2/search",
              "validation.request.parameter.schema.invalidJson",
              "DC 10.3 spec gives 'fields' items the StringList object schema (a generator defect);"
                  + " the API takes comma-separated field names"));

  private static OpenApiInteractionValidator cloudPlatform;
  private static OpenApiInteractionValidator dcPlatform;
  private static OpenApiInteractionValidator jsm;

  private ContractValidator() {}

  static Path contracts() {
    String root = System.getProperty("jsmai.repo.root", "..");
    return Path.of(root).resolve("../shared/contracts").normalize();
  }

  /** Skips the calling test when the specs are not on this machine. */
  static void assumeContracts() {
    assumeTrue(
        Files.isRegularFile(contracts().resolve("jsm-cloud.v3.json")),
        "official OpenAPI specs not found at " + contracts() + ": contract validation skipped");
  }

  private static synchronized OpenApiInteractionValidator forPath(String path) {
    LevelResolver levels =
        LevelResolver.create()
            .withLevel("validation.request.security", ValidationReport.Level.IGNORE)
            .build();
    if (path.startsWith("/rest/servicedeskapi/")) {
      if (jsm == null) {
        jsm = build("jsm-cloud.v3.json", null, levels);
      }
      return jsm;
    }
    if (path.startsWith("/rest/api/3/")) {
      if (cloudPlatform == null) {
        cloudPlatform = build("jira-cloud-platform.v3.json", null, levels);
      }
      return cloudPlatform;
    }
    if (path.startsWith("/rest/api/2/")) {
      if (dcPlatform == null) {
        dcPlatform = build("jira-dc-10.3.v3.json", "/rest", levels);
      }
      return dcPlatform;
    }
    throw new AssertionError("no contract covers " + path);
  }

  private static OpenApiInteractionValidator build(String file, String base, LevelResolver levels) {
    // Parsed here rather than by the validator: Atlassian's files repeat some operationIds, which
    // the validator's loader treats as fatal although paths and schemas are intact (allow-listed).
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setResolveFully(true);
    OpenAPI api =
        new OpenAPIV3Parser()
            .readLocation(contracts().resolve(file).toUri().toString(), null, options)
            .getOpenAPI();
    if (api == null || api.getPaths() == null || api.getPaths().isEmpty()) {
      throw new AssertionError("could not parse " + file);
    }
    var b = OpenApiInteractionValidator.createFor(api).withLevelResolver(levels);
    if (base != null) {
      b.withBasePathOverride(base);
    }
    return b.build();
  }

  /** The validation errors of every request, formatted; empty when all conform. */
  static List<String> violations(List<RecordedRequest> requests) {
    List<String> out = new ArrayList<>();
    for (RecordedRequest r : requests) {
      HttpUrl url = r.getRequestUrl();
      String path = url.encodedPath();
      SimpleRequest.Builder b =
          new SimpleRequest.Builder(Request.Method.valueOf(r.getMethod()), path);
      for (String name : url.queryParameterNames()) {
        b.withQueryParam(name, url.queryParameterValues(name));
      }
      for (Map.Entry<String, List<String>> h : r.getHeaders().toMultimap().entrySet()) {
        b.withHeader(h.getKey(), h.getValue());
      }
      if (r.getBodySize() > 0) {
        b.withBody(r.getBody().clone().readUtf8());
      }
      ValidationReport report = forPath(path).validateRequest(b.build());
      List<String> errors = new ArrayList<>();
      for (ValidationReport.Message m : report.getMessages()) {
        if (m.getLevel() == ValidationReport.Level.ERROR
            && ALLOWED.stream().noneMatch(a -> a.covers(r.getMethod(), path, m.getKey()))) {
          errors.add(m.getKey() + ": " + m.getMessage());
        }
      }
      if (!errors.isEmpty()) {
        out.add(r.getMethod() + " " + path + "?" + url.encodedQuery() + ": " + errors);
      }
    }
    return out;
  }
}
