package com.jsmai.plugin.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {

  @Test
  void named_everyThread_daemonWithThatName() {
    ThreadFactory f = DaemonThreads.named("jira-read");

    Thread a = f.newThread(() -> {});
    Thread b = f.newThread(() -> {});

    assertThat(a.isDaemon()).isTrue();
    assertThat(b.isDaemon()).isTrue();
    assertThat(a.getName()).isEqualTo("jira-read");
    assertThat(b.getName()).isEqualTo("jira-read");
  }

  @Test
  void numbered_eachFactoryCountsFromOne() {
    ThreadFactory f = DaemonThreads.numbered("tool-call");
    ThreadFactory g = DaemonThreads.numbered("tool-call");

    assertThat(f.newThread(() -> {}).getName()).isEqualTo("tool-call-1");
    Thread second = f.newThread(() -> {});
    assertThat(second.getName()).isEqualTo("tool-call-2");
    assertThat(second.isDaemon()).isTrue();
    assertThat(g.newThread(() -> {}).getName()).isEqualTo("tool-call-1");
  }
}
