package io.twinwright.rules.packs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackValidatorTest {

  @Test
  void the_bundled_packs_and_a_good_folder_validate(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("empty.drl"), "package site.empty;\n");

    PackValidator.Report report = PackValidator.validate(dir);

    assertThat(report.ok()).as(report.describe()).isTrue();
    assertThat(report.packs())
        .contains(
            "io/twinwright/rules/packs/foundation.drl", "io/twinwright/rules/packs/security.drl")
        .anyMatch(p -> p.endsWith("empty.drl"));
  }

  @Test
  void a_broken_pack_is_refused_with_every_error_and_its_line(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("broken.drl"),
        """
        package site.broken;
        import io.twinwright.rules.facts.Measurement;

        rule "a fine rule"
        when
          Measurement(value > 3)
        then
        end

        rule "refers to a fact type that does not exist"
        when
          NoSuchFact(level > 3)
        then
        end
        """);
    Files.writeString(
        dir.resolve("syntax.drl"),
        """
        package site.syntax;

        rule "is missing its end"
        when
          eval(true)
        then
        """);

    PackValidator.Report report = PackValidator.validate(dir);

    assertThat(report.ok()).isFalse();
    assertThat(report.problems())
        .anySatisfy(
            p -> {
              assertThat(p.file()).endsWith("broken.drl");
              assertThat(p.line()).isEqualTo(12);
              assertThat(p.message()).contains("NoSuchFact");
            })
        .anySatisfy(p -> assertThat(p.file()).endsWith("syntax.drl"));
    assertThat(report.describe()).contains("broken.drl:12: ");
  }

  @Test
  void a_missing_folder_is_a_problem_not_an_exception(@TempDir Path dir) {
    PackValidator.Report report = PackValidator.validate(dir.resolve("nope"));

    assertThat(report.ok()).isFalse();
    assertThat(report.problems()).singleElement().asString().contains("does not exist");
  }

  @Test
  void the_index_lists_the_bundled_packs_in_order() {
    assertThat(RulePacks.bundled()).startsWith("events.drl", "foundation.drl", "security.drl");
  }
}
