package io.twinwright.rules;

import static io.twinwright.rules.Twins.settle;
import static io.twinwright.rules.Twins.temperature;
import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.rules.facts.ModelLimits;
import io.twinwright.rules.facts.SecurityPolicy;
import io.twinwright.rules.packs.PackCache;
import io.twinwright.rules.packs.RulePacks;
import io.twinwright.twin.DeviceId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine on packs read from the cache behaves as on packs it compiled. */
class CachedPacksTest {
  private static final String SENSOR = "acme:sensor:1";
  private static final DeviceId GATE = DeviceId.of("site", "gate-1");

  @TempDir Path cacheDir;

  /**
   * Overheating, brute force over a sliding window of events and a silent device, all on the pseudo
   * clock: what the engine decided, in a comparable form.
   */
  private static List<String> decisions(RulesConfig config) {
    RecordingActions actions = new RecordingActions();
    try (RuleEngine engine = new RuleEngine(config, actions, SessionClockMode.PSEUDO)) {
      engine.defineModel(
          new ModelLimits(SENSOR, Duration.ofSeconds(10), Map.of("temperature", 80.0)));
      engine.setSecurityPolicy(new SecurityPolicy(3, Duration.ofSeconds(60)));
      engine.registerTwin("site:quiet-1", SENSOR);
      engine.onTwinEvent(temperature("site:boiler-1", SENSOR, 85.5, engine.now()));
      for (int i = 0; i < 3; i++) {
        engine.onAuthFailure(GATE, engine.now(), "192.0.2.7");
        engine.advanceTime(Duration.ofSeconds(10));
        settle(engine);
      }
      engine.advanceTime(Duration.ofSeconds(1));
      settle(engine);
      List<String> decided = new ArrayList<>();
      actions.raisedAll().stream()
          .map(a -> a.thingId() + " " + a.code() + " " + a.severity() + " " + a.findings())
          .sorted()
          .forEach(decided::add);
      actions.quarantined().forEach(q -> decided.add("quarantine " + q.thingId()));
      return decided;
    }
  }

  private List<Path> cached() throws IOException {
    try (Stream<Path> files = Files.list(cacheDir)) {
      return files.toList();
    }
  }

  private static Object inode(Path file) throws IOException {
    return Files.readAttributes(file, "unix:ino").get("ino");
  }

  @Test
  void an_engine_on_cached_packs_raises_the_same_alerts_as_on_compiled_ones() throws IOException {
    List<String> compiled = decisions(RulesConfig.defaults());
    assertThat(compiled)
        .anyMatch(d -> d.startsWith("site:boiler-1 overheating CRITICAL"))
        .anyMatch(d -> d.startsWith("site:gate-1 auth-brute-force CRITICAL"))
        .anyMatch(d -> d.startsWith("site:quiet-1 device-silent WARNING"))
        .contains("quarantine site:gate-1");

    RulesConfig cachedConfig = RulesConfig.defaults().withCacheDir(cacheDir);
    assertThat(decisions(cachedConfig)).isEqualTo(compiled);
    Path file = new PackCache(cacheDir).fileOf(PackCache.key(RulePacks.sources(Optional.empty())));
    assertThat(cached()).containsExactly(file);
    Object written = inode(file);
    Files.setLastModifiedTime(file, FileTime.fromMillis(0));

    assertThat(decisions(cachedConfig)).isEqualTo(compiled);
    // read, not compiled and written again
    assertThat(inode(file)).isEqualTo(written);
    assertThat(Files.getLastModifiedTime(file).toMillis()).isPositive();
  }

  @Test
  void a_reload_of_unchanged_packs_reads_the_cache_and_a_changed_pack_is_compiled_and_cached(
      @TempDir Path packs) throws IOException {
    Path site = packs.resolve("site.drl");
    Files.writeString(site, "package site.rules;\n");
    RulesConfig config = RulesConfig.defaults().withPackDir(packs).withCacheDir(cacheDir);
    try (RuleEngine engine =
        new RuleEngine(config, new RecordingActions(), SessionClockMode.PSEUDO)) {
      Path first =
          new PackCache(cacheDir).fileOf(PackCache.key(RulePacks.sources(Optional.of(packs))));
      assertThat(cached()).containsExactly(first);
      Object written = inode(first);

      assertThat(engine.reload().applied()).isTrue();
      assertThat(cached()).containsExactly(first);
      assertThat(inode(first)).isEqualTo(written);

      Files.writeString(site, "package site.rules;\nrule \"never\" when eval(false) then end\n");
      assertThat(engine.reload().applied()).isTrue();
      Path second =
          new PackCache(cacheDir).fileOf(PackCache.key(RulePacks.sources(Optional.of(packs))));
      assertThat(cached()).containsExactlyInAnyOrder(first, second);

      Files.writeString(
          site, "package site.rules;\n\nrule \"broken\" when NoSuchFact() then end\n");
      ReloadReport refused = engine.reload();
      assertThat(refused.applied()).isFalse();
      assertThat(refused.problems())
          .anySatisfy(
              p -> {
                assertThat(p.file()).endsWith("site.drl");
                assertThat(p.line()).isEqualTo(3);
              });
      assertThat(cached()).containsExactlyInAnyOrder(first, second);
    }
  }
}
