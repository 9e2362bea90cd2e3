package io.twinwright.rules.maintenance;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.kie.api.definition.type.ClassReactive;

/**
 * Every parameter of the maintenance rules for one asset class, identified by the Thing Model id
 * its twins carry, or {@link #FLEET} for the fleet-wide default. A device follows the policy of its
 * model if there is one, else the fleet-wide policy; the rules never hold a number of their own.
 *
 * <p>The platform gives one policy per model id (a later one replaces it); if it gives none, the
 * pack inserts {@link #defaults()} as the fleet-wide policy. Values are in the feature's canonical
 * unit (°C, %, mm/s…), as twins hold them.
 *
 * @param modelId the Thing Model this policy is for, or {@link #FLEET}
 * @param signalFeatures features whose {@code value}-like properties get a baseline (drift, spikes,
 *     stuck, neighbours); battery, vibration and health have rules of their own
 * @param baseline the adaptive baseline and its drift detector
 * @param spike what counts as a spike
 * @param stuck what counts as a stuck sensor
 * @param neighbours how far a sensor may stray from the other sensors of its asset
 * @param battery battery degradation forecast
 * @param vibration vibration severity zones
 * @param health remaining-useful-life forecast from a health index
 */
@ClassReactive // replaced whole by the platform, never modified property by property
public record MaintenancePolicy(
    String modelId,
    Set<String> signalFeatures,
    Baseline baseline,
    Spike spike,
    Stuck stuck,
    Neighbours neighbours,
    Battery battery,
    VibrationZones vibration,
    Health health) {

  /** The model id of the fleet-wide policy, followed by models without a policy of their own. */
  public static final String FLEET = "*";

  public MaintenancePolicy {
    if (modelId == null || modelId.isBlank()) {
      throw new IllegalArgumentException("modelId must not be blank (use FLEET for all models)");
    }
    signalFeatures = Set.copyOf(signalFeatures);
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(spike, "spike");
    Objects.requireNonNull(stuck, "stuck");
    Objects.requireNonNull(neighbours, "neighbours");
    Objects.requireNonNull(battery, "battery");
    Objects.requireNonNull(vibration, "vibration");
    Objects.requireNonNull(health, "health");
  }

  /**
   * The fleet-wide defaults, declared here and nowhere else: temperature, humidity and pressure
   * signals, a baseline of about 20 readings' memory, drift after 8 standard deviations of
   * accumulated CUSUM evidence, spikes beyond 6 sigma, stuck after 30 equal readings over at least
   * two hours, neighbours within 2 units, batteries forecast over a week against a 10 % cutoff with
   * a two-week horizon, the ISO 10816-3 boundaries for medium machines on rigid foundations, and a
   * health index that fails at 1.0 forecast a week ahead from a week of history.
   */
  public static MaintenancePolicy defaults() {
    return new MaintenancePolicy(
        FLEET,
        Set.of("temperature", "humidity", "pressure"),
        new Baseline(0.05, 0.5, 8.0, 30),
        new Spike(6.0, 2, Duration.ofHours(1)),
        new Stuck(30, Duration.ofHours(2), 1e-6),
        new Neighbours(2.0, 3),
        new Battery(10.0, Duration.ofDays(7), Duration.ofDays(14), Duration.ofDays(1), 5.0),
        new VibrationZones(1.4, 2.8, 4.5),
        new Health(1.0, Duration.ofDays(7), Duration.ofDays(7), Duration.ofDays(90), 10, 0.2));
  }

  /** This policy for another model (or {@link #FLEET}). */
  public MaintenancePolicy forModel(String otherModelId) {
    return new MaintenancePolicy(
        otherModelId,
        signalFeatures,
        baseline,
        spike,
        stuck,
        neighbours,
        battery,
        vibration,
        health);
  }

  public MaintenancePolicy withBaseline(Baseline value) {
    return new MaintenancePolicy(
        modelId, signalFeatures, value, spike, stuck, neighbours, battery, vibration, health);
  }

  public MaintenancePolicy withSpike(Spike value) {
    return new MaintenancePolicy(
        modelId, signalFeatures, baseline, value, stuck, neighbours, battery, vibration, health);
  }

  public MaintenancePolicy withStuck(Stuck value) {
    return new MaintenancePolicy(
        modelId, signalFeatures, baseline, spike, value, neighbours, battery, vibration, health);
  }

  public MaintenancePolicy withNeighbours(Neighbours value) {
    return new MaintenancePolicy(
        modelId, signalFeatures, baseline, spike, stuck, value, battery, vibration, health);
  }

  public MaintenancePolicy withBattery(Battery value) {
    return new MaintenancePolicy(
        modelId, signalFeatures, baseline, spike, stuck, neighbours, value, vibration, health);
  }

  public MaintenancePolicy withVibration(VibrationZones value) {
    return new MaintenancePolicy(
        modelId, signalFeatures, baseline, spike, stuck, neighbours, battery, value, health);
  }

  public MaintenancePolicy withHealth(Health value) {
    return new MaintenancePolicy(
        modelId, signalFeatures, baseline, spike, stuck, neighbours, battery, vibration, value);
  }

  /** Whether a device of {@code deviceModelId} follows this policy when it has none of its own. */
  public boolean isFleetWide() {
    return FLEET.equals(modelId);
  }

  /**
   * The adaptive baseline (EWMA) and the CUSUM drift detector on its standardised residuals.
   *
   * @param alpha EWMA weight of a new reading, in (0, 1]; memory is about {@code 1/alpha} readings
   * @param cusumK CUSUM reference value in standard deviations: residuals smaller than this count
   *     as noise
   * @param cusumH CUSUM decision interval in standard deviations: a drift finding starts above it
   *     and ends once the evidence has fallen below half of it
   * @param warmupReadings readings learnt before the baseline judges anything
   */
  public record Baseline(double alpha, double cusumK, double cusumH, int warmupReadings) {
    public Baseline {
      if (!(alpha > 0 && alpha <= 1)) {
        throw new IllegalArgumentException("alpha must be in (0, 1]: " + alpha);
      }
      requireNonNegative(cusumK, "cusumK");
      requirePositive(cusumH, "cusumH");
      if (warmupReadings < 2) {
        throw new IllegalArgumentException("warmupReadings must be at least 2: " + warmupReadings);
      }
    }
  }

  /**
   * A spike: a reading more than {@code k} standard deviations from the baseline that comes back
   * within {@code returnReadings} readings; if it stays out longer it is a level shift, which the
   * drift detector judges instead.
   *
   * @param k distance from the baseline in standard deviations
   * @param returnReadings how many consecutive readings may stay out before it is no longer a spike
   * @param holdFor how long a spike finding (and its alert) stays after the last spike
   */
  public record Spike(double k, int returnReadings, Duration holdFor) {
    public Spike {
      requirePositive(k, "k");
      if (returnReadings < 1) {
        throw new IllegalArgumentException("returnReadings must be at least 1: " + returnReadings);
      }
      requirePositive(holdFor, "holdFor");
    }

    public long holdForMillis() {
      return holdFor.toMillis();
    }
  }

  /**
   * A stuck sensor: at least {@code readings} consecutive readings within {@code epsilon} of each
   * other over at least {@code minDuration}, from a signal whose standard deviation before the run
   * exceeded {@code epsilon} (a signal that never varied is not stuck, it is flat).
   */
  public record Stuck(int readings, Duration minDuration, double epsilon) {
    public Stuck {
      if (readings < 2) {
        throw new IllegalArgumentException("readings must be at least 2: " + readings);
      }
      Objects.requireNonNull(minDuration, "minDuration");
      if (minDuration.isNegative()) {
        throw new IllegalArgumentException("minDuration must not be negative");
      }
      requireNonNegative(epsilon, "epsilon");
    }

    public long minDurationMillis() {
      return minDuration.toMillis();
    }
  }

  /**
   * Comparison with the other sensors of the same asset (twins sharing an asset id) measuring the
   * same property: a sensor whose baseline level is more than {@code tolerance} from the median
   * level of the group deviates. Comparing baselines, not raw readings, keeps noise and single
   * spikes out; a group that moves together keeps its median with it.
   *
   * @param tolerance allowed distance from the group median, in the property's unit
   * @param minSensors the smallest group (this sensor included) whose median means anything
   */
  public record Neighbours(double tolerance, int minSensors) {
    public Neighbours {
      requirePositive(tolerance, "tolerance");
      if (minSensors < 3) {
        throw new IllegalArgumentException("a median needs at least 3 sensors: " + minSensors);
      }
    }
  }

  /**
   * Battery degradation: a least-squares line through the battery level over {@code window} gives
   * the days until {@code cutoffLevel}; a finding starts when that is less than {@code horizon}.
   *
   * @param cutoffLevel the level (%) at which the device stops working
   * @param window how much history the line is fitted to
   * @param horizon how far ahead a cutoff is worth an alert
   * @param minSpan the least history before a forecast is trusted
   * @param replacementRise a rise of the level by more than this (%) is a new or recharged battery:
   *     the history is forgotten
   */
  public record Battery(
      double cutoffLevel,
      Duration window,
      Duration horizon,
      Duration minSpan,
      double replacementRise) {
    public Battery {
      requireNonNegative(cutoffLevel, "cutoffLevel");
      requirePositive(window, "window");
      requirePositive(horizon, "horizon");
      Objects.requireNonNull(minSpan, "minSpan");
      if (minSpan.compareTo(window) > 0) {
        throw new IllegalArgumentException("minSpan must not exceed the window");
      }
      requirePositive(replacementRise, "replacementRise");
    }

    public double horizonDays() {
      return horizon.toMillis() / 86_400_000.0;
    }

    public long minSpanMillis() {
      return minSpan.toMillis();
    }
  }

  /**
   * Vibration severity zones in the manner of ISO 10816 / 20816: RMS vibration velocity (mm/s)
   * below {@code abLimit} is zone A (new machine), up to {@code bcLimit} zone B (fine for unlimited
   * operation), up to {@code cdLimit} zone C (not for long-term operation: warning), above zone D
   * (damage: critical). The boundaries depend on the machine class, hence a policy per model.
   */
  public record VibrationZones(double abLimit, double bcLimit, double cdLimit) {
    public VibrationZones {
      requirePositive(abLimit, "abLimit");
      if (!(abLimit < bcLimit && bcLimit < cdLimit) || !Double.isFinite(cdLimit)) {
        throw new IllegalArgumentException(
            "zone limits must increase: " + abLimit + ", " + bcLimit + ", " + cdLimit);
      }
    }

    /** The zone of an RMS velocity. */
    public VibrationZone zoneOf(double velocity) {
      if (velocity > cdLimit) {
        return VibrationZone.D;
      }
      if (velocity > bcLimit) {
        return VibrationZone.C;
      }
      return velocity > abLimit ? VibrationZone.B : VibrationZone.A;
    }

    /** Whether a velocity lies in zone C or D, the zones the rules act on. */
    public boolean alarms(double velocity) {
      return velocity > bcLimit;
    }

    /** The lower limit of a zone (0 for A). */
    public double lowerLimitOf(VibrationZone zone) {
      return switch (zone) {
        case A -> 0;
        case B -> abLimit;
        case C -> bcLimit;
        case D -> cdLimit;
      };
    }
  }

  /**
   * Remaining useful life from a health index ({@code health/index}: 0 for a new asset, rising as
   * it degrades, {@code failureLevel} at functional failure): a least-squares line through the
   * index over {@code window} is extended to the failure level.
   *
   * @param failureLevel the index at which the asset fails
   * @param window how much history the trend is fitted to
   * @param horizon a forecast failure closer than this opens a work order
   * @param maxForecast estimates are capped here: a trend fitted over {@code window} says nothing
   *     reliable about the far future, and a flat trend would otherwise forecast "never"
   * @param minReadings the fewest readings in the window before a forecast is made
   * @param repairDrop a fall of the index by more than this between two readings is a repair or a
   *     replacement: the history before it is forgotten
   */
  public record Health(
      double failureLevel,
      Duration window,
      Duration horizon,
      Duration maxForecast,
      int minReadings,
      double repairDrop) {
    public Health {
      if (!Double.isFinite(failureLevel)) {
        throw new IllegalArgumentException("failureLevel must be finite");
      }
      requirePositive(window, "window");
      requirePositive(horizon, "horizon");
      requirePositive(maxForecast, "maxForecast");
      if (minReadings < 2) {
        throw new IllegalArgumentException("minReadings must be at least 2: " + minReadings);
      }
      requirePositive(repairDrop, "repairDrop");
    }

    public long horizonMillis() {
      return horizon.toMillis();
    }
  }

  private static void requirePositive(double value, String name) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  private static void requireNonNegative(double value, String name) {
    if (!(value >= 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must not be negative: " + value);
    }
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
