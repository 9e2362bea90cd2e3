package io.twinwright.rules.maintenance;

import java.time.Duration;
import java.time.Instant;
import org.kie.api.KieBase;

/** Test helpers: one compiled pack per test class, readings at regular times. */
final class Pack {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final String MODEL = "acme:sensor:1";

  private Pack() {}

  static KieBase compile() {
    return ReplaySession.compilePack();
  }

  static Instant at(Duration step, long index) {
    return T0.plus(step.multipliedBy(index));
  }
}
