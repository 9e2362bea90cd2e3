package io.twinwright.ontology;

import java.util.Objects;

/**
 * Content the normaliser cannot load: malformed Turtle, a profile that violates the SHACL shapes,
 * an unknown unit or property, a unit of the wrong quantity kind. The message reads like a
 * compiler's, {@code file:line: reason}, so validation output can be pasted into an editor.
 */
public final class ProfileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final long line;
  private final String reason;

  /**
   * @param file the file (or classpath resource) the problem is in
   * @param line the 1-based line, or -1 when the problem is not tied to one line
   * @param reason what is wrong, in terms the profile author uses
   */
  public ProfileException(String file, long line, String reason) {
    super(format(file, line, reason));
    this.file = Objects.requireNonNull(file, "file");
    this.line = line > 0 ? line : -1;
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public ProfileException(String file, String reason) {
    this(file, -1, reason);
  }

  public String file() {
    return file;
  }

  /** The 1-based line, or -1 when unknown. */
  public long line() {
    return line;
  }

  public String reason() {
    return reason;
  }

  private static String format(String file, long line, String reason) {
    return line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason;
  }
}
