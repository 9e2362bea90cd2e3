package io.twinwright.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandLineTest {
  private static String run(int expectedExit, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new java.io.PrintWriter(out, true, StandardCharsets.UTF_8));
    cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
    int exit = cli.execute(args);
    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(expectedExit);
    return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void every_command_has_help() {
    assertThat(run(0, "--help")).contains("serve").contains("demo");
    assertThat(run(0, "serve", "--help")).contains("--data-dir").contains("--mqtt-port");
    assertThat(run(0, "demo", "--help")).contains("--devices").contains("--duration");
  }

  @Test
  void unknown_options_and_bad_values_are_usage_errors() {
    assertThat(run(2, "serve", "--no-such-option")).contains("no-such-option");
    assertThat(run(2, "demo", "--duration", "soon")).contains("not a duration");
  }

  /**
   * The demo end to end, shortened: a small fleet over real MQTT for 30 s must show an overheating
   * alert and a quarantine that came through the pipeline, and a firmware campaign whose second
   * wave fails, aborting it and rolling the updated devices back over MQTT commands.
   */
  @Test
  void the_demo_raises_real_alerts_and_a_real_quarantine(@TempDir Path data) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit =
          Main.run(
              "demo",
              "--devices",
              "30",
              "--duration",
              "30s",
              "--interval",
              "1s",
              "--data-dir",
              data.toString(),
              "--mqtt-port",
              "0",
              "--http-port",
              "0",
              "--coap-port",
              "0",
              "--coaps-port",
              "0",
              "--api-port",
              "0");
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(out).isZero();
    assertThat(out)
        .contains("=== Twinwright demo summary ===")
        .contains("quarantined devices 1")
        .containsPattern("CRITICAL +overheating +demo:acme-hot-0000")
        .containsPattern("CRITICAL +auth-brute-force +demo:kelvinix-target-0002")
        .contains("its right password is refused (NOT_AUTHORIZED)")
        .contains("made to fail their install on purpose")
        // the campaign went through the real pipeline: commands over MQTT, progress as events
        .containsPattern(
            "campaign fw-2\\.1 \\(firmware 2\\.1\\.0\\): aborted in wave 2/3 .*"
                + "failed [1-9][0-9]*, rolled back [1-9][0-9]* \\| commands over MQTT: [1-9][0-9]*"
                + " firmware\\.update, [1-9][0-9]* firmware\\.rollback")
        .contains("curl -s http://")
        .contains("api/2/campaigns/fw-2.1");
  }
}
