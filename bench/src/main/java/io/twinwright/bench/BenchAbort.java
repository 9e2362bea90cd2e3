package io.twinwright.bench;

import java.util.Objects;

/**
 * Stops a run with a message meant for the operator and the exit code the process ends with. The
 * command line prints the message without a stack trace: it is an expected outcome, not a bug.
 */
public final class BenchAbort extends RuntimeException {
  private final ExitCode exitCode;

  public BenchAbort(ExitCode exitCode, String message) {
    super(Objects.requireNonNull(message, "message"));
    this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
  }

  public BenchAbort(ExitCode exitCode, String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
