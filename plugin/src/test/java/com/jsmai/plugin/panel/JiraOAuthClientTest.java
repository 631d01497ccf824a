package com.jsmai.plugin.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jsmai.plugin.config.Secret;
import java.net.URI;
import java.time.Clock;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OAuth 2.0 client against a loopback server that answers like Jira Data Center. */
class JiraOAuthClientTest {
  final MockWebServer jira = new MockWebServer();
  JiraOAuthClient client;

  @BeforeEach
  void start() throws Exception {
    jira.start();
    URI base = jira.url("/").uri();
    client =
        new JiraOAuthClient(
            new JiraOAuthClient.Config(
                base,
                base,
                "client-1",
                Secret.of("secret-1"),
                URI.create("https://ai.example.com/panel/oauth/callback"),
                "READ"),
            Clock.systemUTC());
  }

  @AfterEach
  void stop() throws Exception {
    jira.shutdown();
  }

  @Test
  void authorizationUrl_carriesPkceS256ChallengeAndState() {
    HttpUrl url = HttpUrl.get(client.authorizationUrl("/panel?issueKey=SD-1"));

    assertThat(url.encodedPath()).isEqualTo("/rest/oauth2/latest/authorize");
    assertThat(url.queryParameter("code_challenge_method")).isEqualTo("S256");
    assertThat(url.queryParameter("code_challenge")).hasSize(43);
    assertThat(url.queryParameter("state")).hasSize(43);
    assertThat(url.queryParameter("response_type")).isEqualTo("code");
  }

  @Test
  void authorizationUrl_externalReturnTo_refusedAgainstOpenRedirects() {
    assertThatThrownBy(() -> client.authorizationUrl("//evil.example.com/x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.authorizationUrl("https://evil.example.com/"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void complete_sendsVerifierMatchingChallenge_andStateIsSingleUse() throws Exception {
    HttpUrl url = HttpUrl.get(client.authorizationUrl("/panel?issueKey=SD-1"));
    String state = url.queryParameter("state");
    jira.enqueue(
        new MockResponse().setBody("{\"access_token\":\"tok-1\",\"token_type\":\"bearer\"}"));
    jira.enqueue(
        new MockResponse()
            .setBody("{\"key\":\"JIRAUSER1\",\"name\":\"agent\",\"displayName\":\"Alex Agent\"}"));

    JiraOAuthClient.Completed done = client.complete("code-1", state);

    RecordedRequest token = jira.takeRequest();
    String form = token.getBody().readUtf8();
    String verifier = form.replaceAll(".*code_verifier=([^&]+).*", "$1");
    assertThat(JiraOAuthClient.challenge(verifier)).isEqualTo(url.queryParameter("code_challenge"));
    assertThat(form).contains("grant_type=authorization_code").contains("code=code-1");
    RecordedRequest me = jira.takeRequest();
    assertThat(me.getPath()).isEqualTo("/rest/api/2/myself");
    assertThat(me.getHeader("Authorization")).isEqualTo("Bearer tok-1");
    assertThat(done.user().displayName()).isEqualTo("Alex Agent");
    assertThat(done.returnTo()).isEqualTo("/panel?issueKey=SD-1");
    assertThatThrownBy(() -> client.complete("code-1", state))
        .isInstanceOf(JiraOAuthClient.SignInRequired.class);
  }

  @Test
  void complete_jiraRefusesCode_signInRequired() {
    String state = HttpUrl.get(client.authorizationUrl("/panel")).queryParameter("state");
    jira.enqueue(new MockResponse().setResponseCode(400).setBody("{\"error\":\"invalid_grant\"}"));

    assertThatThrownBy(() -> client.complete("bad", state))
        .isInstanceOf(JiraOAuthClient.SignInRequired.class)
        .hasMessageContaining("400");
  }

  @Test
  void canSee_mapsJiraStatuses() {
    jira.enqueue(new MockResponse().setBody("{}"));
    jira.enqueue(new MockResponse().setResponseCode(404));
    jira.enqueue(new MockResponse().setResponseCode(401));

    assertThat(client.canSee("t", "SD-1")).isEqualTo(JiraOAuthClient.Visibility.VISIBLE);
    assertThat(client.canSee("t", "SD-1")).isEqualTo(JiraOAuthClient.Visibility.NOT_VISIBLE);
    assertThat(client.canSee("t", "SD-1")).isEqualTo(JiraOAuthClient.Visibility.SIGN_IN_AGAIN);
  }

  @Test
  void isAdministrator_readsAdministerPermission() throws Exception {
    jira.enqueue(
        new MockResponse().setBody("{\"permissions\":{\"ADMINISTER\":{\"havePermission\":true}}}"));
    jira.enqueue(
        new MockResponse()
            .setBody("{\"permissions\":{\"ADMINISTER\":{\"havePermission\":false}}}"));

    assertThat(client.isAdministrator("t")).isTrue();
    assertThat(client.isAdministrator("t")).isFalse();
    assertThat(jira.takeRequest().getPath())
        .isEqualTo("/rest/api/2/mypermissions?permissions=ADMINISTER");
  }
}
