package io.twinwright.platform.cli;

import io.twinwright.rules.scenario.ScenarioResult;
import io.twinwright.rules.scenario.ScenarioRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code twinwright test-rules <scenario>...}: replays scenario files (a timeline of readings and
 * events with the alerts and actions expected) against the rule packs on a pseudo clock.
 */
@Command(
    name = "test-rules",
    mixinStandardHelpOptions = true,
    description = {
      "Replay rule scenarios and report every mismatch.",
      "Scenarios are JSON files or folders of them, run against the bundled packs plus those in",
      "--rules. Exits 1 when any scenario fails."
    })
final class TestRulesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "SCENARIO", description = "scenario file or folder")
  List<Path> scenarios;

  @Option(names = "--rules", paramLabel = "DIR", description = "extra or replacing DRL packs")
  Path rules;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    List<Path> files = new ArrayList<>();
    for (Path p : scenarios) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          walk.filter(f -> f.toString().endsWith(".json")).sorted().forEach(files::add);
        }
      } else if (Files.isRegularFile(p)) {
        files.add(p);
      } else {
        spec.commandLine().getErr().println("no such scenario: " + p);
        return 2;
      }
    }
    ScenarioRunner runner = new ScenarioRunner(Optional.ofNullable(rules));
    int failed = 0;
    for (Path file : files) {
      ScenarioResult result = runner.run(file);
      out.println(result.describe());
      if (!result.passed()) {
        failed++;
      }
    }
    out.printf("%d passed, %d failed%n", files.size() - failed, failed);
    out.flush();
    return failed == 0 ? 0 : 1;
  }
}
