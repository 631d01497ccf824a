package com.jsmai.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cloud takes Basic email:apiToken; Data Center takes Bearer PAT or Basic username:password; both
 * take Bearer OAuth 2.0 access tokens issued to a user.
 */
class AuthenticationTest {
  private static JsmSandbox cloud;
  private static JsmSandbox dc;
  private static ValidatingClient cloudClient;
  private static ValidatingClient dcClient;

  @BeforeAll
  static void start() {
    cloud = JsmSandbox.start(SandboxConfig.defaults().withFlavor(Flavor.CLOUD));
    dc = JsmSandbox.start(SandboxConfig.defaults().withFlavor(Flavor.DC));
    cloudClient = new ValidatingClient(cloud.baseUrl(), Flavor.CLOUD, false);
    dcClient = new ValidatingClient(dc.baseUrl(), Flavor.DC, false);
  }

  @AfterAll
  static void stop() {
    cloud.close();
    dc.close();
  }

  private static String basic(String user, String secret) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void cloud_basicEmailAndApiToken_isAccepted() {
    SandboxAccount bot = cloud.bot();

    ValidatingClient.Answer a =
        cloudClient.send("GET", "/rest/api/3/myself", null, basic(bot.email(), bot.apiToken()));

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.headers().get("X-AACCOUNTID")).isEqualTo(bot.accountId());
  }

  @Test
  void cloud_missingWrongOrBearerCredentials_are401() {
    SandboxAccount bot = cloud.bot();

    assertThat(cloudClient.send("GET", "/rest/api/3/myself", null, null).status()).isEqualTo(401);
    assertThat(
            cloudClient
                .send("GET", "/rest/api/3/myself", null, basic(bot.email(), "wrong"))
                .status())
        .isEqualTo(401);
    assertThat(
            cloudClient
                .send("GET", "/rest/api/3/myself", null, basic(bot.username(), bot.apiToken()))
                .status())
        .isEqualTo(401);
    assertThat(cloudClient.send("GET", "/rest/api/3/myself", null, "Bearer " + bot.pat()).status())
        .isEqualTo(401);
    assertThat(cloudClient.send("GET", "/rest/api/3/myself", null, "Basic !!!").status())
        .isEqualTo(401);
    ValidatingClient.Answer sd =
        cloudClient.send("GET", "/rest/servicedeskapi/servicedesk", null, null);
    assertThat(sd.status()).isEqualTo(401);
    assertThat(sd.json().get("errorMessage").asText()).contains("not authenticated");
  }

  @Test
  void dc_bearerPatAndBasicPassword_areAccepted() {
    SandboxAccount agent = dc.agent();

    ValidatingClient.Answer pat =
        dcClient.send("GET", "/rest/api/2/myself", null, "Bearer " + agent.pat());
    ValidatingClient.Answer password =
        dcClient.send("GET", "/rest/api/2/myself", null, basic(agent.username(), agent.password()));

    assertThat(pat.status()).isEqualTo(200);
    assertThat(pat.json().get("name").asText()).isEqualTo("agent");
    assertThat(pat.headers().get("X-AUSERNAME")).isEqualTo("agent");
    assertThat(password.status()).isEqualTo(200);
  }

  @Test
  void dc_wrongPatOrCloudStyleToken_are401() {
    SandboxAccount agent = dc.agent();

    assertThat(dcClient.send("GET", "/rest/api/2/myself", null, "Bearer nope").status())
        .isEqualTo(401);
    assertThat(
            dcClient
                .send("GET", "/rest/api/2/myself", null, basic(agent.email(), agent.apiToken()))
                .status())
        .isEqualTo(401);
    ValidatingClient.Answer a = dcClient.send("GET", "/rest/api/2/issue/SD-1", null, null);
    assertThat(a.status()).isEqualTo(401);
    assertThat(a.json().get("errorMessages").get(0).asText()).contains("not authenticated");
  }

  @Test
  void unauthenticatedCalls_areLoggedWithoutSecrets() {
    cloud.clearRequests();

    cloudClient.send(
        "POST", "/rest/servicedeskapi/request", "{}", basic("x@example.com", "super-secret-token"));

    assertThat(cloud.requests())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(401);
              assertThat(r.accountId()).isNull();
              assertThat(r.toString()).doesNotContain("super-secret-token");
            });
  }

  @Test
  void cloud_bearerUserAccessToken_runsAsThatUser() {
    SandboxAccount agent = cloud.agent();
    String token = cloud.issueUserAccessToken(agent);

    ValidatingClient.Answer a =
        cloudClient.send("GET", "/rest/api/3/myself", null, "Bearer " + token);

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.headers().get("X-AACCOUNTID")).isEqualTo(agent.accountId());
    assertThat(
            cloudClient.send("GET", "/rest/api/3/myself", null, "Bearer " + token + "x").status())
        .isEqualTo(401);
  }

  @Test
  void dc_bearerOAuthAccessToken_runsAsThatUser() {
    SandboxAccount agent = dc.agent();

    ValidatingClient.Answer a =
        dcClient.send(
            "GET", "/rest/api/2/myself", null, "Bearer " + dc.issueUserAccessToken(agent));

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.headers().get("X-AUSERNAME")).isEqualTo(agent.username());
  }
}
