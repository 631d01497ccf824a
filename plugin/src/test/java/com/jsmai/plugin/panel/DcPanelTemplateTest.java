package com.jsmai.plugin.panel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Data Center plugin's descriptor and panel template. No Jira runs here, so the template is
 * rendered with Apache Velocity 1.7 (Jira DC embeds Velocity 1.x) against a context shaped like the
 * one Jira gives an issue-view web panel: {@code $issue} with {@code getKey()} and {@code
 * getProjectObject().getProjectTypeKey().getKey()}, and {@code $i18n.getText(key)}. The Maven build
 * filters {@code ${jsmai.serviceUrl}} before Jira sees the template; the test does the same.
 */
class DcPanelTemplateTest {
  static final String SERVICE_URL = "https://jsm-ai.example.com";
  static String template;
  static Document descriptor;

  /** What Jira's Issue exposes to the template (only the getters the template uses). */
  public static final class IssueShape {
    private final String key;
    private final ProjectShape project;

    IssueShape(String key, String projectType) {
      this.key = key;
      this.project = new ProjectShape(projectType);
    }

    public String getKey() {
      return key;
    }

    public ProjectShape getProjectObject() {
      return project;
    }
  }

  /** Jira's Project: {@code getProjectTypeKey()} returns a ProjectTypeKey (null on old data). */
  public static final class ProjectShape {
    private final TypeKeyShape type;

    ProjectShape(String type) {
      this.type = type == null ? null : new TypeKeyShape(type);
    }

    public TypeKeyShape getProjectTypeKey() {
      return type;
    }
  }

  /** Jira's ProjectTypeKey: {@code getKey()} is {@code service_desk}, {@code software}, ... */
  public static final class TypeKeyShape {
    private final String key;

    TypeKeyShape(String key) {
      this.key = key;
    }

    public String getKey() {
      return key;
    }
  }

  /** Jira's I18nHelper as the template calls it. */
  public static final class I18nShape {
    public String getText(String key) {
      return "jsmai.panel.title".equals(key) ? "AI assistant" : key;
    }
  }

  @BeforeAll
  static void load() throws Exception {
    Path module = Paths.get("").toAbsolutePath();
    template =
        Files.readString(module.resolve("src/main/dc-plugin/templates/panel.vm"))
            .replace("${jsmai.serviceUrl}", SERVICE_URL);
    descriptor =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(module.resolve("src/main/resources/atlassian-plugin.xml").toFile());
  }

  static String render(Object issue) {
    Properties p = new Properties();
    p.setProperty("runtime.log.logsystem.class", "org.apache.velocity.runtime.log.NullLogChute");
    VelocityEngine engine = new VelocityEngine(p);
    engine.init();
    VelocityContext ctx = new VelocityContext();
    if (issue != null) ctx.put("issue", issue);
    ctx.put("i18n", new I18nShape());
    StringWriter out = new StringWriter();
    engine.evaluate(ctx, out, "panel.vm", template);
    return out.toString();
  }

  @Test
  void render_serviceDeskIssue_embedsThePanelForThatIssue() {
    String html = render(new IssueShape("SD-7", "service_desk"));

    assertThat(html)
        .contains("<iframe id=\"jsmai-panel-SD-7\"")
        .contains("src=\"" + SERVICE_URL + "/panel?issueKey=SD-7&amp;flavor=dc\"")
        .contains("title=\"AI assistant\"");
  }

  @Test
  void render_softwareOrBusinessIssue_rendersNothing() {
    assertThat(render(new IssueShape("DEV-1", "software"))).isBlank();
    assertThat(render(new IssueShape("HR-1", "business"))).isBlank();
  }

  @Test
  void render_projectWithoutTypeOrNoIssue_rendersNothing() {
    assertThat(render(new IssueShape("OLD-1", null))).isBlank();
    assertThat(render(null)).isBlank();
  }

  @Test
  void descriptor_panelOnIssueViewUsesTheTemplateAndKnownI18nKeys() throws Exception {
    NodeList panels = descriptor.getElementsByTagName("web-panel");
    assertThat(panels.getLength()).isEqualTo(1);
    Element panel = (Element) panels.item(0);
    assertThat(panel.getAttribute("location")).isEqualTo("atl.jira.view.issue.right.context");
    Element resource = (Element) panel.getElementsByTagName("resource").item(0);
    assertThat(resource.getAttribute("type")).isEqualTo("velocity");
    assertThat(Paths.get("src/main/dc-plugin").resolve(resource.getAttribute("location")))
        .isRegularFile();

    Properties i18n = new Properties();
    i18n.load(
        Files.newBufferedReader(
            Paths.get("src/main/dc-plugin/i18n/jsmai.properties"), StandardCharsets.UTF_8));
    NodeList labels = descriptor.getElementsByTagName("label");
    for (int i = 0; i < labels.getLength(); i++) {
      String key = ((Element) labels.item(i)).getAttribute("key");
      assertThat(i18n).as("i18n key " + key).containsKey(key);
    }
    assertThat(i18n).containsKey("jsmai.panel.title");
  }
}
