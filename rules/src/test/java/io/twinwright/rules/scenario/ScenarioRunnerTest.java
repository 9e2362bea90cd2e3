package io.twinwright.rules.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioRunnerTest {

  private static Path failure(String name) throws URISyntaxException {
    return Path.of(ScenarioRunnerTest.class.getResource("/scenario-failures/" + name).toURI());
  }

  @Test
  void a_wrong_scenario_fails_listing_each_missing_and_unexpected_outcome() throws Exception {
    ScenarioResult result = ScenarioRunner.bundled().run(failure("expects-the-wrong-alert.json"));

    assertThat(result.passed()).isFalse();
    assertThat(result.mismatches())
        .containsExactlyInAnyOrder(
            "at end: alert overheating on plant:boiler-1 is active, expected cleared",
            "at end: missing expected alert device-silent on plant:boiler-1 (active): never raised",
            "at end: unexpected alert auth-brute-force on plant:boiler-1 (active)",
            "at end: missing expected action work-order of plant:boiler-1 (predicted-failure)",
            "at end: unexpected action quarantine of plant:boiler-1: "
                + "2 authentication failures within 60 s, last from 192.0.2.1");
    assertThat(result.describe())
        .startsWith("FAIL deliberately wrong")
        .contains("\n  - at end: unexpected alert auth-brute-force");
  }

  @Test
  void a_mismatch_at_a_checkpoint_names_the_checkpoint() throws Exception {
    ScenarioResult result = ScenarioRunner.bundled().run(failure("checkpoint.json"));

    assertThat(result.mismatches())
        .containsExactly("at PT30S: unexpected alert overheating on plant:boiler-1 (active)");
  }

  @Test
  void an_unknown_step_kind_is_reported_with_its_step_number() throws Exception {
    ScenarioResult result = ScenarioRunner.bundled().run(failure("invalid-step.json"));

    assertThat(result.passed()).isFalse();
    assertThat(result.mismatches())
        .singleElement()
        .asString()
        .startsWith("invalid scenario: step 1: unknown or second step kind \"reeding\"");
  }

  @Test
  void a_file_that_is_not_json_fails_without_throwing(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("broken.json"), "{\"timeline\": [");

    ScenarioResult result = ScenarioRunner.bundled().run(file);

    assertThat(result.mismatches())
        .singleElement()
        .asString()
        .startsWith("invalid scenario: not valid JSON");
  }

  @Test
  void steps_must_not_go_back_in_time(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("back.json"),
            """
            {"timeline": [{"at": "PT10S"}, {"at": 5}], "expect": {}}
            """);

    ScenarioResult result = ScenarioRunner.bundled().run(file);

    assertThat(result.mismatches())
        .containsExactly("invalid scenario: step 2: at PT5S is before the previous step");
  }

  @Test
  void runs_the_packs_of_a_pack_folder(@TempDir Path dir) throws Exception {
    Path packs = Files.createDirectory(dir.resolve("packs"));
    Files.writeString(
        packs.resolve("doors.drl"),
        """
        package site.doors;
        import io.twinwright.rules.WorkOrderRequest;
        import io.twinwright.rules.Severity;
        import io.twinwright.rules.facts.Measurement;
        import java.util.Map;
        global io.twinwright.rules.RuleActions actions;

        rule "a door opened a million times needs new hinges"
        when
          Measurement(featureId == "door", path == "cycles", value >= 1000000, $thing : thingId)
        then
          actions.openWorkOrder(new WorkOrderRequest($thing, "hinges", Severity.INFO,
              "replace the hinges", Map.of()));
        end
        """);
    Path file =
        Files.writeString(
            dir.resolve("door.json"),
            """
            {"timeline": [
               {"at": 0, "reading": {"thing": "site:door-1", "feature": "door", "path": "cycles",
                                     "value": 1000001}}],
             "expect": {"actions": [{"action": "work-order", "thing": "site:door-1",
                                     "subject": "hinges"}]}}
            """);

    ScenarioResult result = new ScenarioRunner(java.util.Optional.of(packs)).run(file);

    assertThat(result.passed()).as(result.describe()).isTrue();
  }
}
