package com.jsmai.plugin.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

// Every credential below is made up for this test.
class SecretRedactorTest {

  private static void assertRedacted(String text, String secret) {
    String out = SecretRedactor.redact(text);
    assertThat(out).as(text).doesNotContain(secret).contains(SecretRedactor.MASK);
  }

  @Test
  void redact_authorizationHeaders() {
    assertRedacted("Authorization: Bearer abc.def-ghi_1234567890", "abc.def-ghi_1234567890");
    assertRedacted("authorization: Basic am9lOnNlY3JldHBhc3N3b3Jk", "am9lOnNlY3JldHBhc3N3b3Jk");
    assertRedacted("{\"Authorization\": \"token 0123456789abcdef\"}", "0123456789abcdef");
  }

  @Test
  void redact_vendorKeyShapes() {
    assertRedacted("jira token ATATT3xFfGF0abcdefghijklmnopqrstuvwxyz", "ATATT3xFfGF0abcdefghij");
    assertRedacted("OPENAI sk-proj-abcdefghijklmnop1234", "sk-proj-abcdefghijklmnop1234");
    assertRedacted("gh ghp_abcdefghijklmnopqrstuvwxyz0123", "ghp_abcdefghijklmnopqrstuvwxyz0123");
    assertRedacted("aws AKIAABCDEFGHIJKLMNOP", "AKIAABCDEFGHIJKLMNOP");
    assertRedacted(
        "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXNpZw", "eyJhbGciOi");
  }

  @Test
  void redact_assignmentsInJsonQueryAndText() {
    assertRedacted("{\"password\": \"hunter22\", \"user\": \"jane\"}", "hunter22");
    assertRedacted("GET /x?api_key=k-998877&page=2", "k-998877");
    assertRedacted("webhook_secret: s3cr3t-value", "s3cr3t-value");
    assertRedacted("https://bot:pa55word@jira.example.com/rest", "pa55word");
  }

  @Test
  void redact_keepsOrdinaryTextIntact() {
    String text = "Customer asks how to reset a forgotten password for order #W2378156.";

    assertThat(SecretRedactor.redact(text)).isEqualTo(text);
    assertThat(SecretRedactor.redact("{\"user\": \"jane\", \"page\": 2}"))
        .doesNotContain("[REDACTED]");
    assertThat(SecretRedactor.redact(null)).isNull();
  }

  @Test
  void redact_privateKeyBlock() {
    String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEabc\n-----END RSA PRIVATE KEY-----";

    assertThat(SecretRedactor.redact("key:\n" + pem)).doesNotContain("MIIEabc");
  }
}
