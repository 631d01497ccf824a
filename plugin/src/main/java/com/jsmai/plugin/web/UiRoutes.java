package com.jsmai.plugin.web;

import io.javalin.Javalin;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Joins the UI features into one route registration for {@code PluginService.start(...,
 * extraRoutes)}: the static assets once, then each feature's routes (panel, admin).
 */
public final class UiRoutes implements Consumer<Javalin> {
  private final List<Consumer<Javalin>> parts;

  @SafeVarargs
  public UiRoutes(Consumer<Javalin>... parts) {
    this.parts = List.of(parts).stream().filter(Objects::nonNull).toList();
  }

  @Override
  public void accept(Javalin app) {
    Assets.register(app);
    parts.forEach(p -> p.accept(app));
  }
}
