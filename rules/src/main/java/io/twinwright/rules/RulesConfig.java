package io.twinwright.rules;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Configuration of the rule runtime.
 *
 * @param partitions how many independent rule sessions share the devices (by thing id hash); each
 *     runs on its own thread, so more than the number of cores buys nothing
 * @param tickInterval how often the clock fact is advanced in real-time mode, which bounds how late
 *     a time-based rule (a silent device) fires
 * @param packDir a folder of extra DRL files; a file named like a bundled pack replaces it
 * @param cacheDir a folder where compiled packs are kept for the next start (see {@link
 *     io.twinwright.rules.packs.PackCache}); empty to compile every time
 */
public record RulesConfig(
    int partitions, Duration tickInterval, Optional<Path> packDir, Optional<Path> cacheDir) {

  public RulesConfig {
    if (partitions < 1 || partitions > 1024) {
      throw new IllegalArgumentException("partitions must be between 1 and 1024: " + partitions);
    }
    Objects.requireNonNull(tickInterval, "tickInterval");
    if (tickInterval.isNegative() || tickInterval.isZero()) {
      throw new IllegalArgumentException("tickInterval must be positive: " + tickInterval);
    }
    Objects.requireNonNull(packDir, "packDir");
    Objects.requireNonNull(cacheDir, "cacheDir");
  }

  /**
   * Two partitions (one per core of the reference machine), a one-second tick, bundled packs, no
   * cache.
   */
  public static RulesConfig defaults() {
    return new RulesConfig(2, Duration.ofSeconds(1), Optional.empty(), Optional.empty());
  }

  public RulesConfig withPartitions(int partitions) {
    return new RulesConfig(partitions, tickInterval, packDir, cacheDir);
  }

  public RulesConfig withTickInterval(Duration tickInterval) {
    return new RulesConfig(partitions, tickInterval, packDir, cacheDir);
  }

  public RulesConfig withPackDir(Path packDir) {
    return new RulesConfig(partitions, tickInterval, Optional.of(packDir), cacheDir);
  }

  public RulesConfig withCacheDir(Path cacheDir) {
    return new RulesConfig(partitions, tickInterval, packDir, Optional.of(cacheDir));
  }
}
