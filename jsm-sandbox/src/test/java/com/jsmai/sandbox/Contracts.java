package com.jsmai.sandbox;

import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.allOf;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.isRequest;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.isResponse;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.messageContainsRegexp;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.messageContainsSubstring;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.messageHasKey;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.pathContainsRegexp;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.responseStatusIs;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.responseStatusTypeIs;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.whitelist.StatusType;
import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The official OpenAPI documents in {@code ../shared/contracts}, loaded once per JVM (the Cloud
 * platform document alone is 2.3 MB), each with its small allow-list of known spec defects.
 */
final class Contracts {
  private Contracts() {}

  private static OpenApiInteractionValidator jsmCloud;
  private static OpenApiInteractionValidator platformCloud;
  private static OpenApiInteractionValidator platformDc;

  /** {@code ../shared/contracts}, when present. */
  static Optional<Path> dir() {
    String root = System.getProperty("jsmai.repo.root", ".");
    Path dir = Path.of(root).resolve("../shared/contracts").normalize();
    return Files.isRegularFile(dir.resolve("jsm-cloud.v3.json"))
        ? Optional.of(dir)
        : Optional.empty();
  }

  /**
   * Parses a document directly. The validator's own loader refuses documents with parse warnings,
   * and Atlassian's documents have some that do not affect validation (jsm-cloud.v3.json repeats
   * six operationIds, for example); the parser's messages are therefore ignored, but a document
   * that does not parse at all still fails.
   */
  private static OpenAPI load(String file) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result =
        new OpenAPIV3Parser()
            .readLocation(dir().orElseThrow().resolve(file).toUri().toString(), null, options);
    if (result.getOpenAPI() == null) {
      throw new IllegalStateException("cannot parse " + file + ": " + result.getMessages());
    }
    return result.getOpenAPI();
  }

  static synchronized OpenApiInteractionValidator jsmCloud() {
    if (jsmCloud == null) {
      jsmCloud =
          OpenApiInteractionValidator.createFor(load("jsm-cloud.v3.json"))
              .withWhitelist(
                  ValidationErrorsWhitelist.create()
                      // The document declares only OAuth2 and basicAuth; Data Center personal
                      // access
                      // tokens (Bearer) are real but undocumented for the DC servicedeskapi, which
                      // has no
                      // document of its own: we validate DC servicedeskapi traffic against Cloud's.
                      .withRule(
                          "DC servicedeskapi uses Bearer PATs",
                          allOf(isRequest(), messageHasKey("validation.request.security.invalid")))
                      .withRule(
                          "DC servicedeskapi uses Bearer PATs (missing)",
                          allOf(isRequest(), messageHasKey("validation.request.security.missing"))))
              .build();
    }
    return jsmCloud;
  }

  /**
   * Two defects both platform documents share. (1) Error answers (4xx) are declared without a body,
   * but Jira always sends {@code {"errorMessages": [...], "errors": {...}}}. (2) Void answers (204,
   * and the 200/201 of property PUTs, the 201 of issueLink) are declared with an empty {@code {}}
   * JSON schema although Jira sends no body.
   */
  private static ValidationErrorsWhitelist platformCommon() {
    return ValidationErrorsWhitelist.create()
        .withRule(
            "Platform error bodies are undocumented",
            allOf(
                isResponse(),
                responseStatusTypeIs(StatusType.CLIENT_ERROR),
                messageHasKey("validation.response.body.unexpected")))
        .withRule(
            "Platform void answers declared with an empty schema",
            allOf(
                isResponse(),
                responseStatusTypeIs(StatusType.SUCCESS),
                messageHasKey("validation.response.body.missing")));
  }

  static synchronized OpenApiInteractionValidator platformCloud() {
    if (platformCloud == null) {
      platformCloud =
          OpenApiInteractionValidator.createFor(load("jira-cloud-platform.v3.json"))
              .withWhitelist(platformCommon())
              .build();
    }
    return platformCloud;
  }

  static synchronized OpenApiInteractionValidator platformDc() {
    if (platformDc == null) {
      platformDc =
          OpenApiInteractionValidator.createFor(load("jira-dc-10.3.v3.json"))
              // The document's server is http://{baseurl}/rest; its paths start at /api/2.
              .withBasePathOverride("/rest")
              .withWhitelist(
                  platformCommon()
                      // IssueBean.fields and .renderedFields are typed as maps of objects, but Jira
                      // returns
                      // strings (summary, created), arrays (labels) and nulls (assignee) in them.
                      .withRule(
                          "DC IssueBean.fields/renderedFields typed as map of objects",
                          allOf(
                              isResponse(),
                              messageHasKey("validation.response.body.schema.type"),
                              messageContainsRegexp(
                                  "Path '(/issues/\\d+)?/(fields|renderedFields)/")))
                      // IssueBean lacks the "expand" attribute every Jira issue answer carries.
                      .withRule(
                          "DC IssueBean lacks expand",
                          allOf(
                              isResponse(),
                              messageHasKey("validation.response.body.schema.additionalProperties"),
                              messageContainsSubstring("[\"expand\"]")))
                      // SimpleListWrapper beans (myself groups/applicationRoles) lack "items".
                      .withRule(
                          "DC SimpleListWrapper lacks items",
                          allOf(
                              isResponse(),
                              messageHasKey("validation.response.body.schema.additionalProperties"),
                              messageContainsRegexp("Path '/(groups|applicationRoles)'"),
                              messageContainsSubstring("[\"items\"]")))
                      // EntityPropertyBean.value is typed as string; Jira stores and returns any
                      // JSON value,
                      // both in property answers and in comments' "properties".
                      .withRule(
                          "DC EntityPropertyBean.value typed as string",
                          allOf(
                              messageContainsRegexp("(Path '/value'|/properties/\\d+/value)"),
                              messageContainsSubstring(
                                  "does not match any allowed primitive type")))
                      // The property PUT body is declared {type: string, format: json}; the doc
                      // text says
                      // it is any non-empty JSON value.
                      .withRule(
                          "DC property PUT body typed as string",
                          allOf(
                              isRequest(),
                              pathContainsRegexp("/properties/"),
                              messageHasKey("validation.request.body.schema.type")))
                      // IssueUpdateBean.fields is a map of objects (labels is an array) and its
                      // update
                      // operations are modelled as {operation, value} instead of Jira's {"add":
                      // ...}.
                      .withRule(
                          "DC IssueUpdateBean fields and update operations",
                          allOf(isRequest(), messageContainsRegexp("Path '/(fields|update)/")))
                      // GET /api/2/search declares "fields" as a JSON-typed parameter; Jira takes
                      // the usual
                      // comma-separated list (fields=summary,status).
                      .withRule(
                          "DC search fields parameter typed as JSON",
                          allOf(
                              isRequest(),
                              pathContainsRegexp("/api/2/search"),
                              messageHasKey("validation.request.parameter.schema.invalidJson")))
                      // Some operations (DELETE comment) declare no 404 although Jira answers 404
                      // for a
                      // missing comment or issue.
                      .withRule(
                          "DC undocumented 404s",
                          allOf(
                              isResponse(),
                              responseStatusIs(404),
                              messageHasKey("validation.response.status.unknown")))
                      // The document declares only HTTP Basic; personal access tokens (Bearer, DC
                      // 8.14+)
                      // are documented on their own page.
                      .withRule(
                          "DC personal access tokens",
                          allOf(isRequest(), messageHasKey("validation.request.security.invalid"))))
              .build();
    }
    return platformDc;
  }
}
