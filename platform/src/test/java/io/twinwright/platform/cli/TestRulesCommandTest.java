package io.twinwright.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TestRulesCommandTest {
  private static final String SCENARIO =
      """
      {
        "name": "a boiler overheats",
        "models": [{"id": "acme:boiler:1", "expectedInterval": "PT10S",
                    "highAlarms": {"temperature": %s}}],
        "twins": [{"thing": "plant:boiler-1", "model": "acme:boiler:1"}],
        "timeline": [
          {"at": "PT0S", "reading": {"thing": "plant:boiler-1", "feature": "temperature", "value": 85}}
        ],
        "expect": {"alerts": [{"thing": "plant:boiler-1", "code": "overheating"}]}
      }
      """;

  private record Run(int exit, String out) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    return new Run(cli.execute(args), out.toString());
  }

  @Test
  void a_scenario_whose_expectations_hold_passes(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("hot.json"), SCENARIO.formatted("80"));
    Run r = run("test-rules", file.toString());
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains("1 passed, 0 failed");
  }

  @Test
  void a_scenario_whose_expected_alert_does_not_come_fails_with_the_mismatch(@TempDir Path dir)
      throws Exception {
    // the model's threshold is above the reading: the expected alert never comes
    Path file = Files.writeString(dir.resolve("hot.json"), SCENARIO.formatted("90"));
    Run r = run("test-rules", dir.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("overheating").contains("0 passed, 1 failed");
  }

  @Test
  void a_broken_rule_pack_is_reported_by_validate_with_its_line(@TempDir Path dir)
      throws Exception {
    Files.createDirectories(dir.resolve("rules"));
    Files.writeString(
        dir.resolve("rules").resolve("broken.drl"),
        """
        package io.twinwright.rules.packs;

        rule "a rule that does not compile"
        when
          NoSuchFact(x > 1)
        then
        end
        """);
    Run r = run("validate", dir.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).containsPattern("broken\\.drl:\\d+");
  }
}
