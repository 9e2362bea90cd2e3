package io.twinwright.ontology;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Configuration of the ontology module.
 *
 * @param profileDir a directory whose {@code *.ttl} files are vendor profiles loaded in addition to
 *     the bundled ones (a profile there replaces a bundled profile with the same id); empty for the
 *     bundled profiles only
 * @param decimals decimal places canonical values are rounded to, 0 to 15. Rounding is what makes
 *     the same physical reading byte-identical across vendors: 71.6 °F and 2200 centi-°C both
 *     become exactly 22.0 instead of differing in the last binary digit.
 */
public record OntologyConfig(Optional<Path> profileDir, int decimals) {

  public OntologyConfig {
    Objects.requireNonNull(profileDir, "profileDir");
    if (decimals < 0 || decimals > 15) {
      throw new IllegalArgumentException("decimals must be between 0 and 15: " + decimals);
    }
  }

  /** Bundled profiles only, six decimal places. */
  public static OntologyConfig defaults() {
    return new OntologyConfig(Optional.empty(), 6);
  }

  public OntologyConfig withProfileDir(Path dir) {
    return new OntologyConfig(Optional.of(dir), decimals);
  }

  public OntologyConfig withDecimals(int places) {
    return new OntologyConfig(profileDir, places);
  }
}
