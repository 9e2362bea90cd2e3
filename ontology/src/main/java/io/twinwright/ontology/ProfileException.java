package io.twinwright.ontology;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Content the normaliser cannot load: malformed Turtle, a profile that violates the SHACL shapes,
 * an unknown unit or property, a unit of the wrong quantity kind, a binary layout that does not
 * fit. The message reads like a compiler's, {@code file:line: reason}, one line per problem, so
 * validation output can be pasted into an editor.
 *
 * <p>{@link #file()}, {@link #line()} and {@link #reason()} describe the first problem; {@link
 * #problems()} lists all of them.
 */
public final class ProfileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final long line;
  private final String reason;
  private final transient List<ContentProblem> problems;

  /**
   * @param file the file (or classpath resource) the problem is in
   * @param line the 1-based line, or -1 when the problem is not tied to one line
   * @param reason what is wrong, in terms the profile author uses
   */
  public ProfileException(String file, long line, String reason) {
    this(List.of(new ContentProblem(file, line, reason)));
  }

  public ProfileException(String file, String reason) {
    this(file, -1, reason);
  }

  /** Every problem found, in the order given; at least one. */
  public ProfileException(List<ContentProblem> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
    ContentProblem first = this.problems.get(0);
    this.file = first.file();
    this.line = first.line();
    this.reason =
        this.problems.stream()
            .filter(p -> p.file().equals(first.file()))
            .map(ContentProblem::message)
            .collect(Collectors.joining("; "));
  }

  public String file() {
    return file;
  }

  /** The 1-based line of the first problem, or -1 when unknown. */
  public long line() {
    return line;
  }

  /** What is wrong in {@link #file()}: the reasons of all problems in that file, joined. */
  public String reason() {
    return reason;
  }

  /** All problems, each with its file and line. */
  public List<ContentProblem> problems() {
    return problems;
  }

  private static String format(List<ContentProblem> problems) {
    Objects.requireNonNull(problems, "problems");
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ProfileException needs at least one problem");
    }
    return problems.stream().map(ContentProblem::toString).collect(Collectors.joining("\n"));
  }
}
