package io.twinwright.rules.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario file under {@code scenarios/} (sub-folders included) passes on the bundled packs.
 */
class ScenarioSuiteTest {

  static Stream<Path> scenarios() throws IOException, URISyntaxException {
    Path root = Path.of(ScenarioSuiteTest.class.getResource("/scenarios").toURI());
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void scenario_passes(Path file) {
    ScenarioResult result = ScenarioRunner.bundled().run(file);

    assertThat(result.passed()).as(result.describe()).isTrue();
    assertThat(result.steps()).isPositive();
  }
}
