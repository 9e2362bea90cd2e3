package io.twinwright.ontology;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What {@link ContentValidator#validate} found in a content folder.
 *
 * @param filesChecked how many files were read (profiles, vocabulary, Thing Models)
 * @param problems every problem, ordered by file and line
 */
public record ContentReport(int filesChecked, List<ContentProblem> problems) {

  public ContentReport {
    if (filesChecked < 0) {
      throw new IllegalArgumentException("filesChecked must not be negative: " + filesChecked);
    }
    problems = problems.stream().sorted(ContentProblem.ORDER).toList();
  }

  /** Whether the content is valid: no problem at all. */
  public boolean ok() {
    return problems.isEmpty();
  }

  /** One {@code file:line: message} per problem, as {@code twinwright validate} prints them. */
  public String format() {
    Objects.requireNonNull(problems);
    return problems.stream().map(ContentProblem::toString).collect(Collectors.joining("\n"));
  }
}
