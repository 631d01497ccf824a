package com.jsmai.plugin.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.plugin.admin.AdminRoutes;
import com.jsmai.plugin.admin.LocalAdmin;
import com.jsmai.plugin.admin.PlaygroundRoutes;
import com.jsmai.plugin.admin.RestCsatReader;
import com.jsmai.plugin.admin.ToolTrier;
import com.jsmai.plugin.cloud.ForgeInvocationTokenVerifier;
import com.jsmai.plugin.config.PluginConfig;
import com.jsmai.plugin.jira.JiraClient;
import com.jsmai.plugin.llm.ChatModel;
import com.jsmai.plugin.panel.FeedbackStore;
import com.jsmai.plugin.panel.JiraOAuthClient;
import com.jsmai.plugin.panel.PanelRoutes;
import com.jsmai.plugin.panel.Suggester;
import com.jsmai.plugin.settings.InitialSettings;
import com.jsmai.plugin.settings.LiveChatModel;
import com.jsmai.plugin.settings.SecretBox;
import com.jsmai.plugin.settings.SettingsStore;
import com.jsmai.plugin.tools.SecretResolver;
import com.jsmai.plugin.tools.Secrets;
import com.jsmai.plugin.tools.ToolExecutor;
import com.jsmai.plugin.tools.ToolsConfig;
import com.jsmai.plugin.tools.http.AddressPolicy;
import com.jsmai.plugin.web.PasswordHasher;
import com.jsmai.plugin.web.Session;
import com.jsmai.plugin.web.Sessions;
import com.jsmai.plugin.web.UiRoutes;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UI half of the service (docs/admin.md): the live settings store seeded from the config file,
 * the agent panel and the admin screens. {@link PluginApp} builds one when {@code ui.enabled} and
 * rebuilds its reply pipeline on every settings version.
 */
final class UiWiring implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UiWiring.class);

  final SettingsStore settings;
  final FeedbackStore feedback;
  final Sessions sessions;
  private final UiConfig ui;

  private UiWiring(UiConfig ui, SettingsStore settings, FeedbackStore feedback, Sessions sessions) {
    this.ui = ui;
    this.settings = settings;
    this.feedback = feedback;
    this.sessions = sessions;
  }

  static UiWiring open(PluginConfig config) {
    UiConfig c = config.get(UiConfig.class);
    Path inbox = config.inbox().file().toAbsolutePath();
    // Next to the inbox by default, so every service (and every test) has its own settings.
    UiConfig ui =
        new UiConfig(
            c.enabled(),
            c.settingsFile() != null ? c.settingsFile() : inbox.resolveSibling("jsmai-settings.db"),
            c.feedbackFile() != null ? c.feedbackFile() : inbox.resolveSibling("jsmai-feedback.db"),
            c.settingsKey(),
            c.adminUser(),
            c.adminPasswordHash(),
            c.publicBaseUrl(),
            c.frameAncestors(),
            c.allowLocalAdmins(),
            c.jiraOAuthClientId(),
            c.jiraOAuthClientSecret(),
            c.jiraOAuthBaseUrl(),
            c.forgeAppId(),
            c.forgeJwksUrl(),
            c.forgeCloudId(),
            c.forgeInstallationId(),
            c.forgeApiBaseUrl(),
            c.connectionsFromFile());
    SecretBox box = SecretBox.fromBase64(settingsKey(ui));
    ToolsConfig tools = config.get(ToolsConfig.class);
    List<Path> toolFiles = new ArrayList<>();
    if (tools.definitionsDir() != null && Files.isDirectory(tools.definitionsDir())) {
      try (var files = Files.list(tools.definitionsDir())) {
        files.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(toolFiles::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + tools.definitionsDir(), e);
      }
    }
    JsonNode reply =
        new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .valueToTree(config.get(ReplySection.class));
    var initial = InitialSettings.document(box, config.jira(), config.model(), reply, toolFiles);
    createParent(ui.settingsFile());
    createParent(ui.feedbackFile());
    SettingsStore settings = SettingsStore.open(ui.settingsFile(), box, initial);
    try {
      applyFileConnections(settings, config, ui.connectionsFromFile());
    } catch (RuntimeException e) {
      settings.close();
      throw e;
    }
    FeedbackStore feedback;
    try {
      feedback = FeedbackStore.open(ui.feedbackFile(), Clock.systemUTC());
    } catch (RuntimeException e) {
      settings.close();
      throw e;
    }
    boolean https = ui.publicBaseUrl() != null && "https".equals(ui.publicBaseUrl().getScheme());
    return new UiWiring(
        ui, settings, feedback, new Sessions(Clock.systemUTC(), Duration.ofHours(8), https));
  }

  /**
   * Precedence between this file and the saved settings for the Jira connection and the model
   * endpoint (docs/configuration.md): the file seeds version 1; afterwards the saved settings win,
   * and a file that differs is only reported, unless {@code ui.connectionsFromFile} is on, in which
   * case the file's values are written as a new version by {@code config-file} (so the change is in
   * the history and can be rolled back like any other).
   */
  static void applyFileConnections(SettingsStore settings, PluginConfig config, boolean fileWins) {
    var current = settings.current();
    if (!InitialSettings.fileConnectionsDiffer(current, config.jira(), config.model())) return;
    if (!fileWins) {
      log.warn(
          "the config file's jira/model differ from the saved settings (version {}); the saved"
              + " settings are used. Set ui.connectionsFromFile: true to apply the file's values",
          current.version());
      return;
    }
    var doc =
        InitialSettings.withFileConnections(
            current.document(), settings.secrets(), config.jira(), config.model());
    var saved = settings.update("config-file", current.version(), doc);
    log.info(
        "ui.connectionsFromFile: the config file's jira and model saved as settings version {}",
        saved.version());
  }

  /** The guard rails' audit endpoints accept a signed-in admin of these screens. */
  boolean isAdmin(Context ctx) {
    try {
      return sessions.find(ctx).map(Session::admin).orElse(false);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * @param jira the live Jira client (the saved connection)
   * @param chat the pipeline's live model (the active endpoint)
   * @param tools the pipeline's tools for the current settings (returns null before the first)
   * @param forcedTool the tool a ticket's request type forces ({@code assistant.forcedTools})
   * @param answered issue keys the pipeline handled, for the CSAT screen
   * @param flagged tickets the input check flagged ({@code GuardRails.flaggedInputs()}), or null
   */
  UiRoutes routes(
      JiraClient jira,
      java.net.URI jiraBaseUrl,
      ToolsConfig tools,
      SecretResolver secrets,
      ChatModel chat,
      Supplier<ToolExecutor> toolExecutor,
      java.util.function.Function<com.jsmai.plugin.jira.Ticket, java.util.Optional<String>>
          forcedTool,
      Supplier<Collection<String>> answered,
      com.jsmai.plugin.flagged.FlaggedInputs flagged) {
    JiraOAuthClient oauth =
        ui.jiraOAuthClientId() == null
            ? null
            : new JiraOAuthClient(
                new JiraOAuthClient.Config(
                    ui.jiraOAuthBaseUrl() != null ? ui.jiraOAuthBaseUrl() : jiraBaseUrl,
                    jiraBaseUrl,
                    ui.jiraOAuthClientId(),
                    ui.jiraOAuthClientSecret(),
                    ui.publicBaseUrl().resolve("/panel/oauth/callback"),
                    // WRITE, not READ: an agent's inserted reply is posted with the agent's own
                    // token, and Jira refuses writes with a READ-scoped one.
                    "WRITE"),
                Clock.systemUTC());
    ForgeInvocationTokenVerifier forge =
        ui.forgeAppId() == null
            ? null
            : new ForgeInvocationTokenVerifier(
                ui.forgeAppId(), ui.forgeJwksUrl(), Duration.ofHours(1));
    // Drafts and the playground use the pipeline's own tools (same executor, ownership binding and
    // address rules) under a read-only policy: a draft never changes anything.
    Suggester suggester =
        new Suggester(
            jira,
            () -> settings.current().reply(),
            chat,
            toolExecutor,
            forcedTool,
            Clock.systemUTC());
    PanelRoutes panel =
        new PanelRoutes(
            new PanelRoutes.Deps(
                jira,
                suggester,
                feedback,
                sessions,
                oauth,
                forge,
                ui.allowLocalAdmins(),
                ui.frameAncestors(),
                ui.forgeSite(),
                flagged));
    PlaygroundRoutes playground =
        new PlaygroundRoutes(
            settings, () -> jira, toolExecutor, LiveChatModel::create, Clock.systemUTC());
    AddressPolicy addresses = LiveTools.addresses(tools);
    AdminRoutes admin =
        new AdminRoutes(
            new AdminRoutes.Deps(
                settings,
                sessions,
                localAdmin(ui),
                oauth,
                () -> jira,
                feedback,
                new RestCsatReader(() -> settings.current().jira()),
                new ToolTrier(addresses, new Secrets(secrets)),
                playground,
                answered,
                Clock.systemUTC(),
                flagged));
    return new UiRoutes(panel, admin);
  }

  private static LocalAdmin localAdmin(UiConfig ui) {
    if (ui.adminUser() == null) return null;
    PasswordHasher hasher = new PasswordHasher();
    String hash = ui.adminPasswordHash();
    if (hash == null) {
      // First run without a configured hash: a one-time password, shown once, never logged.
      byte[] raw = new byte[12];
      new SecureRandom().nextBytes(raw);
      String password = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      hash = hasher.hash(password.toCharArray());
      System.err.println(
          "ui: one-time admin password for '"
              + ui.adminUser()
              + "' (this run only; set ui.adminPasswordHash from `plugin.jar hash-password`): "
              + password);
    }
    return new LocalAdmin(ui.adminUser(), hash, hasher, Clock.systemUTC());
  }

  private static String settingsKey(UiConfig ui) {
    if (ui.settingsKey() != null) return ui.settingsKey().reveal();
    Path keyFile = Path.of(ui.settingsFile() + ".key");
    try {
      if (Files.exists(keyFile)) return Files.readString(keyFile, StandardCharsets.UTF_8).strip();
      createParent(keyFile);
      String key = SecretBox.newKey();
      Files.writeString(keyFile, key, StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the file keeps the default permissions
      }
      log.warn("ui.settingsKey not set: generated a settings key into {}", keyFile);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the settings key " + keyFile, e);
    }
  }

  private static void createParent(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    try {
      if (parent != null) Files.createDirectories(parent);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + parent, e);
    }
  }

  @Override
  public void close() {
    settings.close();
    feedback.close();
  }
}
