package com.jsmai.plugin.web;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Serves the few static files under {@code web/} on the classpath at {@code /ui/assets/{name}}.
 * Only names listed here are served, so the route cannot be used to read other resources.
 */
public final class Assets {
  private static final Map<String, String> TYPES =
      Map.of(
          "app.css", "text/css; charset=utf-8",
          "panel.js", "text/javascript; charset=utf-8",
          "playground.js", "text/javascript; charset=utf-8",
          "ui.js", "text/javascript; charset=utf-8");

  private Assets() {}

  public static void register(Javalin app) {
    app.get(
        "/ui/assets/{name}",
        ctx -> {
          String name = ctx.pathParam("name");
          String type = TYPES.get(name);
          if (type == null) {
            ctx.status(404).result("no such asset");
            return;
          }
          try (InputStream in = Assets.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
              ctx.status(404).result("no such asset");
              return;
            }
            ctx.contentType(type);
            ctx.header("Cache-Control", "max-age=300");
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.result(in.readAllBytes());
          } catch (IOException e) {
            ctx.status(500).result("asset unreadable");
          }
        });
  }
}
