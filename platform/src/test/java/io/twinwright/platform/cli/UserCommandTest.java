package io.twinwright.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.api.ApiSecurity;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class UserCommandTest {

  private record Run(int exit, String out, String err) {}

  private static Run run(String stdin, String... args) {
    InputStream original = System.in;
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    try {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cli = Main.commandLine();
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(err));
      int exit = cli.execute(args);
      return new Run(exit, out.toString(), err.toString());
    } finally {
      System.setIn(original);
    }
  }

  @Test
  void prints_a_users_line_that_the_api_accepts_and_that_holds_no_password() {
    Run run = run("s3cret\n", "user", "alice", "plant");

    assertThat(run.exit()).isZero();
    String line = run.out().strip();
    assertThat(line).startsWith("alice:pbkdf2-sha256$").endsWith(":plant").doesNotContain("s3cret");
    ApiSecurity.ApiUser user = ApiSecurity.parseUsers(List.of(line)).get(0);
    assertThat(user.tenant()).isEqualTo("plant");
    assertThat(user.operator()).isFalse();
    assertThat(user.password().matches("s3cret")).isTrue();
    assertThat(user.password().matches("wrong")).isFalse();
  }

  @Test
  void an_operator_may_reach_every_tenant_but_a_plain_user_may_not() {
    Run admin = run("pw\n", "user", "root", "*", "--operator");
    assertThat(admin.exit()).isZero();
    assertThat(ApiSecurity.parseUsers(List.of(admin.out().strip())).get(0).operator()).isTrue();

    Run refused = run("pw\n", "user", "bob", "*");
    assertThat(refused.exit()).isNotZero();
  }

  @Test
  void refuses_an_empty_password() {
    assertThat(run("", "user", "alice", "plant").exit()).isNotZero();
  }
}
