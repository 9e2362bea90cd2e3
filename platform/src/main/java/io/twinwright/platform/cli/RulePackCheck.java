package io.twinwright.platform.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

/** Checks the DRL packs of a content folder (compiled with the bundled ones). */
final class RulePackCheck {
  private RulePackCheck() {}

  /** Prints each problem as file:line: message and returns how many there were. */
  static int report(Path rulesDir, PrintWriter out) {
    return 0;
  }
}
