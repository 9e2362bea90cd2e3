package io.twinwright.rules.packs;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a folder of rule packs the way the engine would load it (bundled packs plus the folder's,
 * a folder file replacing the bundled pack of its name), without starting anything: what {@code
 * twinwright validate <dir>} runs.
 */
public final class PackValidator {

  /**
   * The outcome of a validation.
   *
   * @param packs the packs compiled, in order
   * @param problems every error, with file and line; empty if the packs compile
   */
  public record Report(List<String> packs, List<PackProblem> problems) {
    public Report {
      packs = List.copyOf(packs);
      problems = List.copyOf(problems);
    }

    public boolean ok() {
      return problems.isEmpty();
    }

    /** One line per problem, or a one-line summary if there are none. */
    public String describe() {
      if (ok()) {
        return packs.size() + " rule packs compile: " + String.join(", ", packs);
      }
      StringBuilder text = new StringBuilder();
      problems.forEach(problem -> text.append(problem).append('\n'));
      return text.append(problems.size()).append(" problems").toString();
    }
  }

  private PackValidator() {}

  /** Compiles the bundled packs with the folder's; never throws for a broken pack. */
  public static Report validate(Path dir) {
    try {
      RulePacks.Compilation compilation = RulePacks.tryCompile(RulePacks.sources(Optional.of(dir)));
      // the campaign pack runs in a session of its own, so it is compiled on its own as well
      RulePacks.Compilation campaigns =
          RulePacks.tryCompile(RulePacks.campaignSources(Optional.of(dir)));
      List<String> packs = new ArrayList<>(compilation.sources());
      packs.addAll(campaigns.sources());
      List<PackProblem> problems = new ArrayList<>(compilation.problems());
      problems.addAll(campaigns.problems());
      return new Report(packs, problems);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      return new Report(List.of(), List.of(new PackProblem(dir.toString(), 0, e.getMessage())));
    }
  }
}
