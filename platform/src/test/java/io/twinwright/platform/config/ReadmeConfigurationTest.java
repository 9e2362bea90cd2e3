package io.twinwright.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's configuration table lists exactly the keys the code knows, with their defaults. */
class ReadmeConfigurationTest {
  private static final Pattern ROW =
      Pattern.compile("^\\| `([a-z-]+)` \\| `(TWINWRIGHT_[A-Z_]+)` \\| (`[^`]*`|\\(empty\\)) \\|");

  @Test
  void readme_lists_every_configuration_key_with_its_variable_and_default() throws Exception {
    Path readme = Path.of("..", "README.md");
    List<String> documented = new ArrayList<>();
    for (String line : Files.readAllLines(readme)) {
      Matcher m = ROW.matcher(line);
      if (m.find()) {
        ConfigKey key = PlatformConfig.byName(m.group(1));
        assertThat(m.group(2)).as("env var of " + key.key()).isEqualTo(key.envVar());
        String def = key.defaultValue().isEmpty() ? "(empty)" : "`" + key.defaultValue() + "`";
        assertThat(m.group(3)).as("default of " + key.key()).isEqualTo(def);
        documented.add(key.key());
      }
    }
    assertThat(documented)
        .containsExactlyInAnyOrderElementsOf(
            java.util.Arrays.stream(ConfigKey.values()).map(ConfigKey::key).toList());
  }
}
