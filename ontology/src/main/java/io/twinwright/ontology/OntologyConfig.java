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
 * @param vocabDir a directory whose {@code *.ttl} files extend the bundled vocabulary and unit
 *     table (new canonical properties, units, device classes); empty for the bundled vocabulary
 * @param decimals decimal places canonical values are rounded to, 0 to 15. Rounding is what makes
 *     the same physical reading byte-identical across vendors: 71.6 °F and 2200 centi-°C both
 *     become exactly 22.0 instead of differing in the last binary digit.
 */
public record OntologyConfig(Optional<Path> profileDir, Optional<Path> vocabDir, int decimals) {
  private static final int DEFAULT_DECIMALS = 6;

  public OntologyConfig {
    Objects.requireNonNull(profileDir, "profileDir");
    Objects.requireNonNull(vocabDir, "vocabDir");
    if (decimals < 0 || decimals > 15) {
      throw new IllegalArgumentException("decimals must be between 0 and 15: " + decimals);
    }
  }

  /** Profiles from {@code profileDir}, bundled vocabulary only. */
  public OntologyConfig(Optional<Path> profileDir, int decimals) {
    this(profileDir, Optional.empty(), decimals);
  }

  /** Bundled vocabulary and profiles only, six decimal places. */
  public static OntologyConfig defaults() {
    return new OntologyConfig(Optional.empty(), Optional.empty(), DEFAULT_DECIMALS);
  }

  /**
   * The profiles and vocabulary of a content folder: {@code <dir>/profiles} and {@code
   * <dir>/vocab}, each only when it exists.
   */
  public static OntologyConfig forContent(Path contentDir, int decimals) {
    Path profiles = contentDir.resolve("profiles");
    Path vocab = contentDir.resolve("vocab");
    return new OntologyConfig(
        Optional.of(profiles).filter(java.nio.file.Files::isDirectory),
        Optional.of(vocab).filter(java.nio.file.Files::isDirectory),
        decimals);
  }

  public OntologyConfig withProfileDir(Path dir) {
    return new OntologyConfig(Optional.of(dir), vocabDir, decimals);
  }

  public OntologyConfig withVocabDir(Path dir) {
    return new OntologyConfig(profileDir, Optional.of(dir), decimals);
  }

  public OntologyConfig withDecimals(int places) {
    return new OntologyConfig(profileDir, vocabDir, places);
  }
}
