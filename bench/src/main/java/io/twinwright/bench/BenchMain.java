package io.twinwright.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code twinwright-bench.jar}. */
@Command(
    name = "twinwright-bench",
    mixinStandardHelpOptions = true,
    versionProvider = BenchMain.Version.class,
    description = "Load generator for a running Twinwright platform.",
    subcommands = {
      MqttLoadCommand.class,
      TwinsLoadCommand.class,
      ApiLoadCommand.class,
      HttpLoadCommand.class,
      CoapLoadCommand.class,
      CommandLine.HelpCommand.class
    })
public final class BenchMain implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, also used by tests to run the tool in-process. */
  public static CommandLine commandLine() {
    return new CommandLine(new BenchMain()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "name a subcommand: mqtt-load, twins-load, api-load, http-load, coap-load");
  }

  /** The jar's implementation version, when run from the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = BenchMain.class.getPackage().getImplementationVersion();
      return new String[] {"twinwright-bench " + (version == null ? "(development)" : version)};
    }
  }
}
