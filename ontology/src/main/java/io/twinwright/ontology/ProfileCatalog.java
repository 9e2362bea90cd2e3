package io.twinwright.ontology;

import io.twinwright.ontology.profile.ProfileLoader;
import io.twinwright.ontology.vocab.Vocabulary;
import io.twinwright.twin.DeviceMessage;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The normaliser in use, replaceable at runtime without dropping messages.
 *
 * <p>A reload compiles a complete new {@link Normalizer} off to the side and publishes it with one
 * atomic reference swap, and only when every file is valid. A message being normalised meanwhile
 * keeps the instance it started with (instances are immutable), so no message ever sees a half
 * built table, and a broken edit never takes working profiles away.
 */
public final class ProfileCatalog implements Supplier<Normalizer> {
  private static final Logger LOG = LoggerFactory.getLogger(ProfileCatalog.class);

  private final OntologyConfig config;
  private final AtomicReference<Normalizer> current;
  private final Object reloading = new Object();

  private ProfileCatalog(OntologyConfig config, Normalizer initial) {
    this.config = config;
    this.current = new AtomicReference<>(initial);
  }

  /**
   * Loads the bundled content plus the configured folders.
   *
   * @throws ProfileException listing every problem when the initial content is invalid: there is no
   *     previous normaliser to fall back to
   */
  public static ProfileCatalog load(OntologyConfig config) {
    Objects.requireNonNull(config, "config");
    return new ProfileCatalog(config, Normalizer.load(config));
  }

  /** The normaliser in use; callers take it once per message. */
  @Override
  public Normalizer get() {
    return current.get();
  }

  /** Normalises with the normaliser in use. */
  public NormalizationResult normalize(DeviceMessage message) {
    return current.get().normalize(message);
  }

  /**
   * Re-reads the vocabulary and profiles (bundled and folders) and swaps them in when all are
   * valid; otherwise keeps the current ones and reports why. Slow (Turtle and SHACL): call it on a
   * worker thread. Concurrent reloads run one after the other.
   */
  public ReloadReport reload() {
    synchronized (reloading) {
      Set<String> before = current.get().profileIds();
      List<ContentProblem> problems;
      Normalizer next = null;
      try {
        Vocabulary vocabulary = Normalizer.vocabulary(config);
        ProfileLoader.Loaded loaded = new ProfileLoader(vocabulary).loadAll(config.profileDir());
        problems = loaded.problems();
        if (problems.isEmpty()) {
          next = Normalizer.of(loaded.profiles(), vocabulary, config.decimals());
        }
      } catch (ProfileException e) {
        problems = e.problems();
      }
      if (next == null) {
        LOG.warn("profile reload refused, keeping {} profiles: {}", before.size(), problems);
        return new ReloadReport(false, before, Set.of(), Set.of(), problems);
      }
      current.set(next);
      Set<String> after = next.profileIds();
      Set<String> added = new TreeSet<>(after);
      added.removeAll(before);
      Set<String> removed = new TreeSet<>(before);
      removed.removeAll(after);
      LOG.info("profiles reloaded: {} in use, added {}, removed {}", after.size(), added, removed);
      return new ReloadReport(true, after, added, removed, List.of());
    }
  }
}
