package io.twinwright.rules.packs;

import java.util.Objects;

/**
 * One error in a rule pack.
 *
 * @param file the pack's path (a folder file) or classpath resource (a bundled pack)
 * @param line the line in that file, or 0 if the compiler did not say
 * @param message what is wrong
 */
public record PackProblem(String file, int line, String message) {
  public PackProblem {
    Objects.requireNonNull(file, "file");
    if (line < 0) {
      throw new IllegalArgumentException("line must not be negative: " + line);
    }
    Objects.requireNonNull(message, "message");
  }

  /** {@code file:line: message}, as compilers print it. */
  @Override
  public String toString() {
    return file + (line > 0 ? ":" + line : "") + ": " + message;
  }
}
