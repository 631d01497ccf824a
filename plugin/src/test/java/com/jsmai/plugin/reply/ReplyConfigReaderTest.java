package com.jsmai.plugin.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.jsmai.plugin.policy.ReplyMode;
import com.jsmai.plugin.policy.ReplyPolicy;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ReplyConfigReaderTest {
  static JsonNode yaml(String text) throws Exception {
    return new ObjectMapper(new YAMLFactory()).readTree(text).path("reply");
  }

  static final String SAMPLE =
      """
      reply:
        temperature: 0.2
        context: { windowTurns: 8, contextWindow: 32768 }
        serviceDeskNames: { "1": "Acme Shop" }
        defaults:
          mode: suggest
          maxAutoReplies: 4
          handoff: { labels: [ai-handoff], modelDeadlineMinutes: 10 }
          prompt:
            timeZone: Asia/Shanghai
          memory:
            fields: { customfield_10050: "order number" }
        serviceDesks:
          "1":
            mode: auto
            delaySeconds: 180
            footer: "— AI answer"
            handoff: { transition: Escalate }
            prompt:
              template: "You help customers of {{service_desk}} in {{language}}."
            memory:
              patterns:
                - { label: "loyalty card", regex: "LC-(\\\\d{6})" }
            requestTypes:
              "12":
                mode: "off"
      """;

  @Test
  void read_sample_resolvesDefaultsDeskAndRequestType() throws Exception {
    ReplyConfig config = ReplyConfigReader.read(yaml(SAMPLE));

    ReplyPolicy global = config.policies().resolve("2", "10");
    ReplyPolicy desk = config.policies().resolve("1", "10");
    ReplyPolicy type = config.policies().resolve("1", "12");
    assertThat(global.mode()).isEqualTo(ReplyMode.SUGGEST);
    assertThat(global.maxAutoReplies()).isEqualTo(4);
    assertThat(desk.mode()).isEqualTo(ReplyMode.AUTO);
    assertThat(desk.delay()).isEqualTo(Duration.ofMinutes(3));
    assertThat(desk.footer()).isEqualTo("— AI answer");
    assertThat(desk.maxAutoReplies()).isEqualTo(4); // inherited
    assertThat(desk.handoff().transitionName()).isEqualTo("Escalate");
    assertThat(desk.handoff().modelDeadline()).isEqualTo(Duration.ofMinutes(10)); // merged
    assertThat(type.mode()).isEqualTo(ReplyMode.OFF);
    assertThat(type.delay()).isEqualTo(Duration.ofMinutes(3));
    assertThat(config.prompts().resolve("1", "10").template().text()).startsWith("You help");
    assertThat(config.prompts().resolve("1", "10").timeZone())
        .isEqualTo(ZoneId.of("Asia/Shanghai"));
    assertThat(config.memory().resolve("1", "12").patterns().get(0).label())
        .isEqualTo("loyalty card");
    assertThat(config.memory().resolve("2", "1").fields())
        .containsEntry("customfield_10050", "order number");
    assertThat(config.context().windowTurns()).isEqualTo(8);
    assertThat(config.serviceDeskNames()).containsEntry("1", "Acme Shop");
    assertThat(config.temperature()).isEqualTo(0.2);
  }

  @Test
  void read_unknownTemplateVariable_failsAtConfigurationTime() throws Exception {
    String bad = SAMPLE.replace("{{language}}", "{{lang}}");

    assertThatThrownBy(() -> ReplyConfigReader.read(yaml(bad)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reply.serviceDesks.1.prompt.template")
        .hasMessageContaining("{{lang}}");
  }

  @Test
  void read_unknownKey_failsWithPath() throws Exception {
    String bad = SAMPLE.replace("delaySeconds: 180", "delaySecs: 180");

    assertThatThrownBy(() -> ReplyConfigReader.read(yaml(bad)))
        .hasMessageContaining("reply.serviceDesks.1.delaySecs: unknown setting");
  }

  @Test
  void read_badModeAndDelay_failWithValue() throws Exception {
    assertThatThrownBy(
            () -> ReplyConfigReader.read(yaml(SAMPLE.replace("mode: auto", "mode: yolo"))))
        .hasMessageContaining("reply.serviceDesks.1.mode")
        .hasMessageContaining("yolo");
    assertThatThrownBy(() -> ReplyConfigReader.read(yaml(SAMPLE.replace("180", "7200"))))
        .hasMessageContaining("reply.serviceDesks.1")
        .hasMessageContaining("PT2H");
  }

  @Test
  void read_badRegex_failsWithPath() throws Exception {
    String bad = SAMPLE.replace("LC-(\\\\d{6})", "LC-(");

    assertThatThrownBy(() -> ReplyConfigReader.read(yaml(bad)))
        .hasMessageContaining("reply.serviceDesks.1.memory.patterns[0]")
        .hasMessageContaining("loyalty card");
  }

  @Test
  void read_documentedNulls_meanNone() throws Exception {
    ReplyConfig config =
        ReplyConfigReader.read(
            yaml(
                """
            reply:
              defaults:
                handoff: { transition: null, labels: [ai-handoff] }
                prompt: { regionField: null, defaultRegion: unknown, timeZone: UTC }
            """));

    assertThat(config.policies().resolve("1", "1").handoff().transitionName()).isNull();
    assertThat(config.prompts().resolve("1", "1").regionField()).isNull();
  }

  @Test
  void read_missingSection_defaults() {
    ReplyConfig config = ReplyConfigReader.read(null);

    assertThat(config.policies().resolve("1", "1").mode()).isEqualTo(ReplyMode.SUGGEST);
  }
}
