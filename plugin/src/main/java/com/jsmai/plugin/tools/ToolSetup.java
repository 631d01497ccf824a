package com.jsmai.plugin.tools;

import com.jsmai.plugin.jira.JiraClient;
import com.jsmai.plugin.llm.ChatModel;
import com.jsmai.plugin.tools.http.AddressPolicy;
import com.jsmai.plugin.tools.http.Cidr;
import com.jsmai.plugin.tools.http.HttpTools;
import com.jsmai.plugin.tools.jira.JiraTools;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Everything the reply pipeline needs from this feature, wired from a {@link ToolsConfig}: the
 * built-in Jira tools plus the admin's HTTP tools, one executor, one loop. Close it at shutdown.
 *
 * <pre>{@code
 * ToolSetup tools = ToolSetup.create(config.tools(), jira, chatModel, auditRecorder,
 *     SecretResolver.fromEnvironment());
 * LoopResult result = tools.loop().run(request, new ToolContext(ticket, policy, approvals));
 * }</pre>
 *
 * @param registry every tool
 * @param executor runs calls (also approved proposals: {@link ToolExecutor#executeApproved})
 * @param loop the agent loop
 */
public record ToolSetup(ToolRegistry registry, ToolExecutor executor, ToolLoop loop)
    implements AutoCloseable {

  /**
   * @throws IllegalArgumentException or {@link com.jsmai.plugin.tools.http.ToolDefinitionException}
   *     naming the file and field, when a definition or the config is wrong
   */
  public static ToolSetup create(
      ToolsConfig config,
      JiraClient jira,
      ChatModel model,
      ToolCallRecorder recorder,
      SecretResolver secretResolver) {
    Secrets secrets = new Secrets(secretResolver);
    List<Tool> tools = new ArrayList<>(JiraTools.all(jira, config.jira()));
    if (config.definitionsDir() != null) {
      AddressPolicy addresses =
          new AddressPolicy(
              new HashSet<>(config.allowedHosts()),
              config.allowedPrivateRanges().stream().map(Cidr::parse).toList());
      tools.addAll(new HttpTools(addresses, secrets).loadDirectory(config.definitionsDir()));
    }
    ToolRegistry registry = ToolRegistry.of(tools);
    ToolExecutor executor =
        new ToolExecutor(
            registry,
            recorder,
            secrets,
            config.callTimeout(),
            config.maxConcurrentCalls(),
            Clock.systemUTC());
    return new ToolSetup(registry, executor, new ToolLoop(model, executor, config.loop()));
  }

  @Override
  public void close() {
    executor.close();
  }
}
