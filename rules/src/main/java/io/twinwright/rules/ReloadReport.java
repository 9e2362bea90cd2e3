package io.twinwright.rules;

import io.twinwright.rules.packs.PackProblem;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What {@link RuleEngine#reload()} did.
 *
 * @param applied whether every partition now runs the recompiled packs; if false the engine kept
 *     its running sessions
 * @param packs the packs compiled, in order
 * @param problems why the reload was refused: every compile error with file and line (empty if
 *     applied)
 * @param carriedFacts how many facts made by the rules (findings, raised alerts, live events) moved
 *     to the new sessions
 * @param took how long the reload took, compilation included
 */
public record ReloadReport(
    boolean applied,
    List<String> packs,
    List<PackProblem> problems,
    long carriedFacts,
    Duration took) {

  public ReloadReport {
    packs = List.copyOf(packs);
    problems = List.copyOf(problems);
    Objects.requireNonNull(took, "took");
    if (applied != problems.isEmpty()) {
      throw new IllegalArgumentException("a reload is applied exactly when it has no problems");
    }
  }

  /** One line if applied, else one line per problem. */
  public String describe() {
    if (applied) {
      return "reloaded "
          + packs.size()
          + " rule packs in "
          + took.toMillis()
          + " ms, "
          + carriedFacts
          + " facts carried over";
    }
    return "reload refused, running rules kept:\n"
        + problems.stream().map(PackProblem::toString).collect(Collectors.joining("\n"));
  }
}
