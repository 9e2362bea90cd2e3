package io.twinwright.rules;

import static io.twinwright.rules.Twins.settle;
import static io.twinwright.rules.Twins.temperature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twinwright.rules.facts.ModelLimits;
import io.twinwright.rules.packs.PackCache;
import io.twinwright.rules.packs.RulePacks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RuleEngine#starting}: an engine on cached packs takes inputs before its packs are read
 * back and evaluates them, in order, once they are; packs that are not cached are compiled at once.
 */
class StartingEngineTest {
  private static final String SENSOR = "acme:sensor:1";

  @TempDir Path cacheDir;

  @Test
  void inputs_queued_before_the_cached_packs_are_read_are_evaluated_once_they_are()
      throws Exception {
    RulesConfig config = RulesConfig.defaults().withCacheDir(cacheDir);
    // a first engine compiles the packs and caches them
    new RuleEngine(config, new RecordingActions(), SessionClockMode.PSEUDO).close();
    assertThat(new PackCache(cacheDir).holds(RulePacks.sources(Optional.empty()))).isTrue();

    RecordingActions actions = new RecordingActions();
    CompletableFuture<Void> twinsLoaded = new CompletableFuture<>();
    try (RuleEngine engine =
        RuleEngine.starting(
            config, actions, AuditSink.none(), SessionClockMode.PSEUDO, twinsLoaded)) {
      engine.defineModel(
          new ModelLimits(SENSOR, Duration.ofSeconds(10), Map.of("temperature", 80.0)));
      engine.registerTwin("site:boiler-1", SENSOR);
      engine.onTwinEvent(temperature("site:boiler-1", SENSOR, 85.5, engine.now()));
      CompletableFuture<Void> drained = engine.drain();

      // nothing is read, nothing evaluated, until the platform says its twins are in
      assertThat(engine.packsCached()).isTrue();
      assertThat(engine.ready()).isNotDone();
      assertThat(drained).isNotDone();
      assertThat(actions.raisedAll()).isEmpty();

      twinsLoaded.complete(null);
      engine.ready().get(60, TimeUnit.SECONDS);
      drained.get(10, TimeUnit.SECONDS);
      settle(engine);
      assertThat(actions.raisedAll())
          .anySatisfy(
              a -> {
                assertThat(a.thingId()).isEqualTo("site:boiler-1");
                assertThat(a.code()).isEqualTo("overheating");
              });
    }
  }

  @Test
  void packs_that_are_not_cached_are_compiled_at_once_and_errors_fail_ready(@TempDir Path packs)
      throws Exception {
    Files.writeString(
        packs.resolve("site.drl"),
        "package site.rules;\n\nrule \"broken\" when NoSuchFact() then end\n");
    RulesConfig config = RulesConfig.defaults().withPackDir(packs).withCacheDir(cacheDir);
    // never completes: packs that are not cached do not wait for it
    CompletableFuture<Void> never = new CompletableFuture<>();
    try (RuleEngine broken =
        RuleEngine.starting(
            config, new RecordingActions(), AuditSink.none(), SessionClockMode.PSEUDO, never)) {
      assertThat(broken.packsCached()).isFalse();
      assertThatThrownBy(() -> broken.ready().get(60, TimeUnit.SECONDS))
          .hasCauseInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("site.drl");
    }
    assertThat(new PackCache(cacheDir).holds(RulePacks.sources(Optional.of(packs)))).isFalse();

    Files.writeString(packs.resolve("site.drl"), "package site.rules;\n");
    try (RuleEngine engine =
        RuleEngine.starting(
            config, new RecordingActions(), AuditSink.none(), SessionClockMode.PSEUDO, never)) {
      assertThat(engine.packsCached()).isFalse();
      engine.ready().get(60, TimeUnit.SECONDS);
    }
    assertThat(new PackCache(cacheDir).holds(RulePacks.sources(Optional.of(packs)))).isTrue();
    try (RuleEngine again =
        RuleEngine.starting(
            config, new RecordingActions(), AuditSink.none(), SessionClockMode.PSEUDO, never)) {
      // cached now: it waits for its signal
      assertThat(again.packsCached()).isTrue();
      assertThat(again.ready()).isNotDone();
    }
  }

  @Test
  void an_engine_whose_cached_packs_cannot_be_read_fails_ready_and_still_closes() throws Exception {
    RulesConfig config = RulesConfig.defaults().withCacheDir(cacheDir);
    new RuleEngine(config, new RecordingActions(), SessionClockMode.PSEUDO).close();
    CompletableFuture<Void> after = new CompletableFuture<>();
    RuleEngine engine =
        RuleEngine.starting(
            config, new RecordingActions(), AuditSink.none(), SessionClockMode.PSEUDO, after);
    engine.registerTwin("site:boiler-1", SENSOR);
    after.completeExceptionally(new IllegalStateException("the platform did not start"));
    assertThatThrownBy(() -> engine.ready().get(30, TimeUnit.SECONDS))
        .hasRootCauseMessage("the platform did not start");
    // queued work is dropped, barriers still complete
    engine.drain().get(10, TimeUnit.SECONDS);
    engine.close();
  }
}
