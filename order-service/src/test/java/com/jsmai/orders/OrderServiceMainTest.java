package com.jsmai.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The command line as a user runs it: a real JVM with this module's classpath. */
class OrderServiceMainTest {
  private static Process run(String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                OrderServiceMain.class.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("finished").isTrue();
    return p;
  }

  @Test
  void main_help_printsUsageAndSucceedsWithoutStarting() throws Exception {
    Process p = run("--help");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.exitValue()).isZero();
    assertThat(out).contains(OrderServiceMain.USAGE).doesNotContain("missing value");
    assertThat(out).doesNotContain("listening on");
  }

  @Test
  void main_unknownOption_exits2NamingIt() throws Exception {
    Process p = run("--bogus", "1");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(out).contains("unknown option --bogus").contains(OrderServiceMain.USAGE);
  }
}
