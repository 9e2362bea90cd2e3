package io.twinwright.rules.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.rules.AlertRequest;
import io.twinwright.rules.RuleEngine;
import io.twinwright.rules.RulesConfig;
import io.twinwright.rules.SessionClockMode;
import io.twinwright.rules.Severity;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.PropertyUpdate;
import io.twinwright.twin.TwinEvent;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pack inside the real engine, with the defaults it inserts itself and the engine's clock. */
class EngineWiringTest {

  @Test
  void the_pack_raises_and_clears_alerts_through_the_rule_engine(@TempDir Path packs)
      throws Exception {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(ReplaySession.PACK)) {
      Files.copy(in, packs.resolve("maintenance.drl"));
    }
    MaintenanceActions actions = new MaintenanceActions();
    try (RuleEngine engine =
        new RuleEngine(
            RulesConfig.defaults().withPackDir(packs), actions, SessionClockMode.PSEUDO)) {
      report(engine, 6.0);
      engine.advanceTime(Duration.ofMinutes(1));
      report(engine, 1.0);

      assertThat(actions.raised("vibration"))
          .extracting(AlertRequest::severity)
          .containsExactly(Severity.CRITICAL);
      assertThat(actions.cleared()).containsExactly("plant:pump-9 vibration");
    }
  }

  private static void report(RuleEngine engine, double velocity) throws Exception {
    engine.onTwinEvent(
        new TwinEvent(
            TwinEvent.Kind.MODIFIED,
            DeviceId.ofThingId("plant:pump-9"),
            1,
            engine.now(),
            "acme:pump:1",
            List.of(new PropertyUpdate("vibration", "velocity", velocity))));
    engine.drain().get(10, TimeUnit.SECONDS);
  }
}
