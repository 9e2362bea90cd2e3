package io.twinwright.bench;

/** Process exit codes of the load generator, so scripts can tell a bad run from a bad setup. */
public enum ExitCode {
  /** The run completed and the report was written. */
  OK(0),
  /** The run started but could not do its job, for example provisioning was refused. */
  FAILED(1),
  /** Invalid command line options (picocli's own code for usage errors). */
  USAGE(2),
  /** The platform (API or MQTT endpoint) could not be reached. */
  UNREACHABLE(3);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
