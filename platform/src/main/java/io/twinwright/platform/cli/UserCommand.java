package io.twinwright.platform.cli;

import io.twinwright.api.ApiSecurity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Prints one line of an {@code api-users} file: the user's name, a PBKDF2 hash of the password
 * (never the password itself), the tenant and the role.
 */
@Command(
    name = "user",
    mixinStandardHelpOptions = true,
    description = {
      "Print an api-users line for an API user (the password is read from standard input and"
          + " stored only as a PBKDF2 hash).",
      "Example: echo -n s3cret | twinwright user alice plant >> users.txt"
    })
final class UserCommand implements Callable<Integer> {

  @Parameters(index = "0", description = "user name (the policy subject is nginx:<name>)")
  String name;

  @Parameters(
      index = "1",
      description = "tenant whose twins the user may reach; '*' (operators only) for all")
  String tenant;

  @Option(names = "--operator", description = "may use /v1, alerts, work orders, audit, SPARQL")
  boolean operator;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    String password =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    if (password == null || password.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give the password on standard input");
    }
    String line;
    try {
      line = ApiSecurity.hashLine(name, password, tenant, operator);
      ApiSecurity.parseUsers(java.util.List.of(line)); // the same rules the platform applies
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    spec.commandLine().getOut().println(line);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
