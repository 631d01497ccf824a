package com.jsmai.plugin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.plugin.config.PluginConfig;
import com.jsmai.plugin.http.PluginServer;
import com.jsmai.plugin.inbox.EventHandler;
import com.jsmai.plugin.inbox.InboxWorkers;
import com.jsmai.plugin.inbox.IssueKeyResolver;
import com.jsmai.plugin.inbox.SqliteInbox;
import com.jsmai.plugin.webhook.WebhookIntake;
import io.javalin.Javalin;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The running service: inbox file, workers, HTTP server. {@link Main} starts one from the config;
 * tests and the intake benchmark start their own on a temp file and port 0. Closing stops the
 * server first (no new events), then the workers, then the file.
 */
public final class PluginService implements AutoCloseable {
  private final SqliteInbox inbox;
  private final InboxWorkers workers;
  private final PluginServer server;

  private PluginService(SqliteInbox inbox, InboxWorkers workers, PluginServer server) {
    this.inbox = inbox;
    this.workers = workers;
    this.server = server;
  }

  /**
   * Opens the inbox, starts the workers with {@code handler} and the HTTP server.
   *
   * @param resolver finds issue keys for id-only Data Center comment events
   * @param extraRoutes routes of other features (panel, admin), or null
   */
  public static PluginService start(
      PluginConfig config,
      EventHandler handler,
      IssueKeyResolver resolver,
      Consumer<Javalin> extraRoutes) {
    return start(config, inbox -> handler, resolver, extraRoutes, e -> false);
  }

  /**
   * Like {@link #start(PluginConfig, EventHandler, IssueKeyResolver, Consumer)}, for a handler that
   * needs the open inbox (the reply pipeline's effects ledger lives in the same file).
   *
   * @param handler builds the handler from the open inbox
   * @param retryLater failures that are "not yet" rather than failed (see {@link
   *     InboxWorkers#retryLaterWhen})
   */
  public static PluginService start(
      PluginConfig config,
      Function<SqliteInbox, EventHandler> handler,
      IssueKeyResolver resolver,
      Consumer<Javalin> extraRoutes,
      Predicate<Throwable> retryLater) {
    SqliteInbox inbox = SqliteInbox.open(config.inbox().file());
    InboxWorkers workers = null;
    try {
      workers =
          new InboxWorkers(inbox, handler.apply(inbox), resolver, config.inbox())
              .retryLaterWhen(retryLater)
              .start();
      WebhookIntake intake = new WebhookIntake(config.webhook(), inbox, new ObjectMapper());
      PluginServer server =
          new PluginServer(
                  config.server(),
                  config.webhook().path(),
                  config.webhook().maxBodyBytes(),
                  intake,
                  inbox::isHealthy,
                  extraRoutes)
              .start();
      return new PluginService(inbox, workers, server);
    } catch (RuntimeException e) {
      if (workers != null) {
        workers.close();
      }
      inbox.close();
      throw e;
    }
  }

  public SqliteInbox inbox() {
    return inbox;
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
    workers.close();
    inbox.close();
  }
}
