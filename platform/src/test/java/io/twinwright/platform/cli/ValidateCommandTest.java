package io.twinwright.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {
  private record Run(int exit, String out) {}

  private static Run validate(Path dir) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    return new Run(cli.execute("validate", dir.toString()), out.toString());
  }

  @Test
  void valid_content_passes(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("profiles"));
    Files.writeString(
        dir.resolve("profiles").resolve("good.ttl"),
        """
        @prefix tw:   <https://twinwright.io/ns#> .
        @prefix unit: <http://qudt.org/vocab/unit/> .
        <https://example.org/p/good> a tw:VendorProfile ;
            tw:profileId "good-1" ; tw:vendor "Good" ; tw:model "G1" ; tw:payloadFormat tw:Json ;
            tw:field [ tw:pointer "/c" ; tw:property tw:temperature ; tw:unit unit:DEG_C ] .
        """);
    Run run = validate(dir);
    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(run.out()).contains("0 problem(s)");
  }

  @Test
  void a_profile_with_a_unit_of_the_wrong_dimension_is_reported_with_file_and_line(
      @TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("profiles"));
    Files.writeString(
        dir.resolve("profiles").resolve("bad.ttl"),
        """
        @prefix tw:   <https://twinwright.io/ns#> .
        @prefix unit: <http://qudt.org/vocab/unit/> .
        <https://example.org/p/bad> a tw:VendorProfile ;
            tw:profileId "bad-1" ; tw:vendor "Bad" ; tw:model "B1" ; tw:payloadFormat tw:Json ;
            tw:field [ tw:pointer "/p" ; tw:property tw:temperature ; tw:unit unit:PSI ] .
        """);
    Run run = validate(dir);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).containsPattern("bad\\.ttl:5: .*PSI");
  }

  @Test
  void a_missing_folder_is_a_usage_error(@TempDir Path dir) {
    assertThat(validate(dir.resolve("nope")).exit()).isEqualTo(2);
  }
}
