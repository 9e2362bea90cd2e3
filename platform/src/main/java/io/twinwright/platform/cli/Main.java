package io.twinwright.platform.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code twinwright}: the platform's command line. */
@Command(
    name = "twinwright",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Digital-twin platform: Hono-style device adapters, Ditto twins, rules.",
    subcommands = {
      ServeCommand.class,
      DemoCommand.class,
      ValidateCommand.class,
      TestRulesCommand.class,
      UserCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (for tests). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The configured command line, for tests that capture its output. */
  static CommandLine commandLine() {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"twinwright " + (v == null ? "dev" : v)};
    }
  }
}
