package io.twinwright.ontology;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link ProfileCatalog#reload()} did.
 *
 * @param applied whether the new profiles are in use; false when any content was invalid, in which
 *     case the previous normaliser stays in use unchanged
 * @param profileIds the profile ids in use after the reload (the old ones when not applied)
 * @param added ids that the reload made available
 * @param removed ids that are no longer available
 * @param problems every problem found (file, line, message); empty when applied
 */
public record ReloadReport(
    boolean applied,
    Set<String> profileIds,
    Set<String> added,
    Set<String> removed,
    List<ContentProblem> problems) {

  public ReloadReport {
    profileIds = Set.copyOf(Objects.requireNonNull(profileIds, "profileIds"));
    added = Set.copyOf(Objects.requireNonNull(added, "added"));
    removed = Set.copyOf(Objects.requireNonNull(removed, "removed"));
    problems = List.copyOf(Objects.requireNonNull(problems, "problems"));
    if (applied != problems.isEmpty()) {
      throw new IllegalArgumentException("a reload is applied exactly when it found no problem");
    }
  }
}
