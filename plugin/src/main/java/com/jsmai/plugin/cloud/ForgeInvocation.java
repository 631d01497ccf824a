package com.jsmai.plugin.cloud;

import java.util.Objects;

/**
 * What a verified Forge Invocation Token says about one call from our Forge app: which app and
 * installation, which Atlassian account is acting, and which issue the panel is showing.
 *
 * @param appId the Forge app id ({@code ari:cloud:ecosystem::app/...}), equal to the audience
 * @param installationId the installation; remote state is keyed by it
 * @param apiBaseUrl where product REST calls for this installation go
 * @param principal the acting user's account id, or null for calls without a user
 * @param cloudId the site's cloud id, or null
 * @param issueKey the issue in the module's context ({@code context.extension.issue.key}), or null
 * @param issueId the issue id in the module's context, or null
 */
public record ForgeInvocation(
    String appId,
    String installationId,
    String apiBaseUrl,
    String principal,
    String cloudId,
    String issueKey,
    String issueId) {
  public ForgeInvocation {
    Objects.requireNonNull(appId, "appId");
  }
}
