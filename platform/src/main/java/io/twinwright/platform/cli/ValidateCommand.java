package io.twinwright.platform.cli;

import io.twinwright.ontology.ContentReport;
import io.twinwright.ontology.ContentValidator;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code twinwright validate <dir>}: checks a content folder — Thing Models, vendor profiles,
 * vocabulary, rule packs — and reports every problem with its file and line.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check a content folder and report every problem as file:line.",
      "Covers models/, profiles/, vocab/ and rules/. Exits 0 when everything is valid, 1 otherwise."
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "the content folder")
  Path dir;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (!Files.isDirectory(dir)) {
      spec.commandLine().getErr().println("not a folder: " + dir);
      return 2;
    }
    ContentReport content = ContentValidator.validate(dir);
    int problems = content.problems().size();
    if (!content.ok()) {
      out.println(content.format());
    }
    problems += RulePackCheck.report(dir.resolve("rules"), out);
    out.printf("%d file(s) checked, %d problem(s)%n", content.filesChecked(), problems);
    out.flush();
    return problems == 0 ? 0 : 1;
  }
}
