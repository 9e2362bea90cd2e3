package io.twinwright.ontology;

import java.util.Comparator;
import java.util.Objects;

/**
 * One problem in authored content, where an editor can jump to it.
 *
 * @param file the file (or classpath resource) the problem is in
 * @param line the 1-based line, or -1 when the problem concerns the whole file
 * @param message what is wrong, in the terms the author used
 */
public record ContentProblem(String file, long line, String message) {
  /** By file, then line (whole-file problems first), then message. */
  public static final Comparator<ContentProblem> ORDER =
      Comparator.comparing(ContentProblem::file)
          .thenComparingLong(ContentProblem::line)
          .thenComparing(ContentProblem::message);

  public ContentProblem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
    line = line > 0 ? line : -1;
  }

  /** {@code file:line: message}, like a compiler, so the output can be pasted into an editor. */
  @Override
  public String toString() {
    return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
  }
}
