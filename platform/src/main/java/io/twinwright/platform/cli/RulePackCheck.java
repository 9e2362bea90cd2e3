package io.twinwright.platform.cli;

import io.twinwright.rules.packs.PackProblem;
import io.twinwright.rules.packs.PackValidator;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks the DRL packs of a content folder, compiled together with the bundled ones. */
final class RulePackCheck {
  private RulePackCheck() {}

  /** Prints each problem as file:line: message and returns how many there were. */
  static int report(Path rulesDir, PrintWriter out) {
    if (!Files.isDirectory(rulesDir)) {
      return 0;
    }
    PackValidator.Report report = PackValidator.validate(rulesDir);
    for (PackProblem p : report.problems()) {
      out.println(p);
    }
    return report.problems().size();
  }
}
