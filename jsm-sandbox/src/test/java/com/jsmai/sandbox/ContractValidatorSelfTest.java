package com.jsmai.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves the contract validators can fail: a response that breaks the documents' shapes is
 * reported, so a clean report on sandbox traffic means something.
 */
class ContractValidatorSelfTest {
  @BeforeAll
  static void needContracts() {
    assumeTrue(
        Contracts.dir().isPresent(), "../shared/contracts is absent: contract tests skipped");
  }

  private static ValidationReport validate(
      com.atlassian.oai.validator.OpenApiInteractionValidator v, String path, String body) {
    return v.validate(
        SimpleRequest.Builder.get(path).withAuthorization("Basic eDp5").build(),
        SimpleResponse.Builder.ok().withContentType("application/json").withBody(body).build());
  }

  @Test
  void jsmCloud_commentWithUnknownPropertyAndWrongType_isReported() {
    ValidationReport report =
        validate(
            Contracts.jsmCloud(),
            "/rest/servicedeskapi/request/SD-1/comment",
            "{\"size\":1,\"values\":[{\"id\":1,\"body\":\"x\",\"public\":\"yes\",\"jsdPublic\":true}]}");

    assertThat(report.hasErrors()).isTrue();
    assertThat(report.getMessages().toString()).contains("jsdPublic");
  }

  @Test
  void platformCloud_userWithUnknownAccountType_isReported() {
    ValidationReport report =
        validate(
            Contracts.platformCloud(),
            "/rest/api/3/myself",
            "{\"accountId\":\"a\",\"accountType\":\"robot\"}");

    assertThat(report.hasErrors()).isTrue();
  }

  @Test
  void platformDc_transitionsAsNonArray_isReported() {
    ValidationReport report =
        validate(
            Contracts.platformDc(),
            "/rest/api/2/issue/SD-1/transitions",
            "{\"transitions\":\"none\"}");

    assertThat(report.hasErrors()).isTrue();
  }
}
