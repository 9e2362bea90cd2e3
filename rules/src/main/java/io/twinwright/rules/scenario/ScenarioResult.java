package io.twinwright.rules.scenario;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of replaying one scenario file.
 *
 * @param name the scenario's name (its file name if it has none)
 * @param file the file replayed
 * @param steps how many timeline steps were replayed
 * @param mismatches every difference from what the file expects, each prefixed with the checkpoint
 *     ({@code at PT30S:} or {@code at end:}); an invalid file has one entry saying why
 */
public record ScenarioResult(String name, String file, int steps, List<String> mismatches) {

  public ScenarioResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(file, "file");
    mismatches = List.copyOf(mismatches);
  }

  public boolean passed() {
    return mismatches.isEmpty();
  }

  /** A readable report: one line if it passed, else one line per mismatch. */
  public String describe() {
    if (passed()) {
      return "PASS " + name + " (" + steps + " steps)";
    }
    StringBuilder text =
        new StringBuilder("FAIL ").append(name).append(" (").append(file).append(')');
    mismatches.forEach(m -> text.append("\n  - ").append(m));
    return text.toString();
  }
}
