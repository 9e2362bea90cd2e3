package io.twinwright.ontology;

import io.twinwright.twin.TwinPatch;
import java.util.Objects;

/** What became of one device message: a patch for its twin, or the reason it was refused. */
public sealed interface NormalizationResult {

  /** The message mapped to at least one canonical property. */
  record Normalized(TwinPatch patch) implements NormalizationResult {
    public Normalized {
      Objects.requireNonNull(patch, "patch");
    }
  }

  /**
   * The message cannot be mapped. The reason is meant for the device operator: it names the profile
   * and, where one field is to blame, that field's JSON pointer.
   */
  record Rejected(String reason) implements NormalizationResult {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
