package io.twinwright.rules.maintenance;

/** The vibration severity zones of ISO 10816 / 20816, from new (A) to damaging (D). */
public enum VibrationZone {
  A,
  B,
  C,
  D
}
