package com.jsmai.plugin.jira;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.plugin.config.Secret;
import com.jsmai.sandbox.Flavor;
import com.jsmai.sandbox.JsmSandbox;
import com.jsmai.sandbox.SandboxAccount;
import com.jsmai.sandbox.SandboxConfig;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Data Center REST carries no accountType: the client types users from the request itself (the
 * reporter and participants are customers, everyone else staff). Against the sandbox in DC flavour.
 */
class RestJiraClientDataCenterTest {
  static JsmSandbox jira;
  static JiraClient client;

  @BeforeAll
  static void start() {
    jira = JsmSandbox.start(SandboxConfig.defaults().withFlavor(Flavor.DC));
    client =
        JiraClients.create(
            new JiraConfig(
                JiraConfig.Flavor.DATACENTER,
                URI.create(jira.baseUrl()),
                null,
                null,
                Secret.of(jira.bot().pat()),
                null,
                null,
                0,
                null),
            new RecordingSleeper(),
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    jira.close();
  }

  @Test
  void getTicket_dataCenterCustomerRequest_reporterIsCustomer() {
    SandboxAccount ana = jira.customers().get(0);
    String key = jira.raiseRequest(ana, "General question", "Opening hours?", "When?", null);

    Ticket t = client.getTicket(key);

    assertThat(t.reporter()).isNotNull();
    assertThat(t.reporter().isCustomer()).isTrue();
    assertThat(t.reporter().displayName()).isEqualTo(ana.displayName());
  }

  @Test
  void getComments_dataCenter_reporterIsCustomerAgentAndBotAreStaff() {
    SandboxAccount ana = jira.customers().get(1);
    String key = jira.raiseRequest(ana, "General question", "Hello", "Question", null);
    String fromAna = jira.addComment(key, ana, "Any news?", true);
    String fromAgent = jira.addComment(key, jira.agent(), "Looking into it", true);
    String fromBot = jira.addComment(key, jira.bot(), "Assistant reply", true);

    List<Comment> thread = client.getComments(key);

    assertThat(type(thread, fromAna)).isEqualTo("customer");
    assertThat(type(thread, fromAgent)).isEqualTo("atlassian");
    assertThat(type(thread, fromBot)).isEqualTo("atlassian");
    assertThat(client.getComment(key, fromAna).orElseThrow().author().isCustomer()).isTrue();
    assertThat(client.getComment(key, fromAgent).orElseThrow().author().isCustomer()).isFalse();
  }

  private static String type(List<Comment> thread, String id) {
    return thread.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow().author().type();
  }
}
