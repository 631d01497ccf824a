package com.jsmai.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fixture of a contract test class: one Cloud and one Data Center sandbox shared by its tests
 * (skipped when {@code ../shared/contracts} is absent), and the check every test ends with: the
 * validating client it took from {@link #use} saw at least one exchange and every exchange matched
 * the official document. Register it as a static {@code @RegisterExtension} field.
 */
final class ContractSandboxes implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  private JsmSandbox cloud;
  private JsmSandbox dc;
  private ValidatingClient client;

  @Override
  public void beforeAll(ExtensionContext context) {
    assumeTrue(
        Contracts.dir().isPresent(), "../shared/contracts is absent: contract tests skipped");
    cloud = JsmSandbox.start(SandboxConfig.defaults().withFlavor(Flavor.CLOUD));
    dc = JsmSandbox.start(SandboxConfig.defaults().withFlavor(Flavor.DC));
  }

  /**
   * The {@code flavor}'s sandbox, reset; {@link #client()} is then a fresh validating client for
   * it, checked after the test.
   */
  JsmSandbox use(Flavor flavor) {
    JsmSandbox jira = flavor.isCloud() ? cloud : dc;
    jira.reset();
    client = new ValidatingClient(jira.baseUrl(), flavor, true);
    return jira;
  }

  /** The validating client of the last {@link #use}. */
  ValidatingClient client() {
    return client;
  }

  /** The Data Center sandbox as it is, for a test that checks something outside the documents. */
  JsmSandbox dc() {
    return dc;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    ValidatingClient used = client;
    client = null;
    if (used != null) {
      assertThat(used.validatedCount()).isPositive();
      used.assertAllValid();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (cloud != null) {
      cloud.close();
    }
    if (dc != null) {
      dc.close();
    }
  }
}
