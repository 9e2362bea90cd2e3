package io.twinwright.bench;

import java.io.PrintWriter;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * How a device load command runs: its options are checked into a config (a bad one is a picocli
 * usage error, exit 2), the run prints to the command's output, and an abort is one line on its
 * error stream with the abort's exit code.
 */
final class LoadCommandRunner {
  private LoadCommandRunner() {}

  static <C> int run(
      CommandLine.Model.CommandSpec spec, Supplier<C> config, BiConsumer<C, PrintWriter> run) {
    C checked;
    try {
      checked = config.get();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    try {
      run.accept(checked, spec.commandLine().getOut());
      return ExitCode.OK.code();
    } catch (BenchAbort abort) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("twinwright-bench: " + abort.getMessage());
      err.flush();
      return abort.exitCode().code();
    }
  }
}
