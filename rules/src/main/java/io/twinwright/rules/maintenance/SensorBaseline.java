package io.twinwright.rules.maintenance;

import io.twinwright.rules.maintenance.analytics.Cusum;
import io.twinwright.rules.maintenance.analytics.Ewma;
import io.twinwright.rules.maintenance.analytics.StuckRun;

/**
 * The adaptive baseline of one signal (a temperature, a humidity…) and the detectors that read it:
 * CUSUM drift on the standardised residuals, spikes that return, and runs of an unchanging value.
 *
 * <p>A reading further than the spike distance from the baseline is held back rather than learnt:
 * if the signal returns within the allowed readings it was a spike, and the baseline never saw it;
 * if it stays out, it is a level shift and is fed to the baseline and the drift detector from then
 * on. While the sensor is stuck the baseline is frozen, so that its variance does not collapse to
 * zero and make the first real reading afterwards look like a catastrophe.
 */
public final class SensorBaseline extends SensorTracker {
  private static final Statistics STATISTICS =
      new Statistics(
          "warm",
          "level",
          "sigma",
          "lastValue",
          "driftEvidence",
          "driftDirection",
          "stuckReadings",
          "stuckMillis",
          "stuckValue",
          "sigmaBeforeRun",
          "spikes",
          "lastSpikeAtMillis",
          "lastSpikeValue",
          "lastSpikeLevel",
          "lastSpikeSigma");

  private Ewma ewma = Ewma.empty();
  private Cusum cusum = Cusum.zero();
  private StuckRun run;
  private double lastValue = Double.NaN;

  // readings held back as a possible spike
  private int outside;
  private double outsidePeak;
  private long outsideSinceMillis;

  private long spikes;
  private long lastSpikeAtMillis = Long.MIN_VALUE;
  private double lastSpikeValue = Double.NaN;
  private double lastSpikeLevel = Double.NaN;
  private double lastSpikeSigma = Double.NaN;

  public SensorBaseline(String thingId, String featureId, String path, MaintenancePolicy policy) {
    super(thingId, featureId, path, policy, STATISTICS);
  }

  @Override
  void readStatistics(double[] into, int offset) {
    int i = offset;
    into[i++] = isWarm() ? 1 : 0;
    into[i++] = getLevel();
    into[i++] = getSigma();
    into[i++] = lastValue;
    into[i++] = getDriftEvidence();
    into[i++] = getDriftDirection();
    into[i++] = getStuckReadings();
    into[i++] = getStuckMillis();
    into[i++] = getStuckValue();
    into[i++] = getSigmaBeforeRun();
    into[i++] = spikes;
    into[i++] = lastSpikeAtMillis;
    into[i++] = lastSpikeValue;
    into[i++] = lastSpikeLevel;
    into[i] = lastSpikeSigma;
  }

  @Override
  void absorb(double value, long atMillis, MaintenancePolicy previousPolicy) {
    MaintenancePolicy policy = getPolicy();
    lastValue = value;
    double sigmaBefore = ewma.sigma();
    run =
        run == null
            ? StuckRun.start(value, atMillis, sigmaBefore)
            : run.next(value, atMillis, policy.stuck().epsilon(), sigmaBefore);
    if (run.readings() >= policy.stuck().readings()) {
      outside = 0;
      return;
    }
    MaintenancePolicy.Baseline baseline = policy.baseline();
    if (ewma.count() < baseline.warmupReadings()) {
      ewma = ewma.next(value, baseline.alpha());
      return;
    }
    double z = ewma.zScore(value);
    double k = policy.spike().k();
    if (Math.abs(z) > k) {
      boolean sameSide = outside == 0 || Math.signum(outsidePeak - ewma.mean()) == Math.signum(z);
      if (sameSide && outside < policy.spike().returnReadings()) {
        if (outside == 0) {
          outsideSinceMillis = atMillis;
          outsidePeak = value;
        } else if (Math.abs(value - ewma.mean()) > Math.abs(outsidePeak - ewma.mean())) {
          outsidePeak = value;
        }
        outside++;
        return;
      }
      // out for longer than a spike may last: a level shift, learnt from here on
      outside = 0;
    } else if (outside > 0) {
      spikes++;
      lastSpikeAtMillis = outsideSinceMillis;
      lastSpikeValue = outsidePeak;
      lastSpikeLevel = ewma.mean();
      lastSpikeSigma = ewma.sigma();
      outside = 0;
    }
    cusum = cusum.next(z, baseline.cusumK());
    ewma = ewma.next(value, baseline.alpha());
  }

  /** Whether the baseline has learnt enough readings to judge. */
  public boolean isWarm() {
    return ewma.count() >= getPolicy().baseline().warmupReadings();
  }

  /** The baseline level (EWMA). */
  public double getLevel() {
    return ewma.mean();
  }

  /** The baseline's standard deviation of a new reading. */
  public double getSigma() {
    return ewma.sigma();
  }

  public double getLastValue() {
    return lastValue;
  }

  /** The CUSUM evidence of a shift of the mean, in standard deviations. */
  public double getDriftEvidence() {
    return cusum.statistic();
  }

  /** +1 drifting up, -1 down, 0 no evidence. */
  public int getDriftDirection() {
    return cusum.direction();
  }

  /** How many readings in a row have stayed within epsilon of the first of them. */
  public long getStuckReadings() {
    return run == null ? 0 : run.readings();
  }

  /** How long that run has lasted at the newest reading. */
  public long getStuckMillis() {
    return run == null ? 0 : run.millisAt(getLastAtMillis());
  }

  /** The value the sensor is stuck at (the run's first value). */
  public double getStuckValue() {
    return run == null ? Double.NaN : run.anchor();
  }

  /** The signal's standard deviation when the current run started. */
  public double getSigmaBeforeRun() {
    return run == null ? 0 : run.sigmaBefore();
  }

  /** How many spikes were confirmed so far. */
  public long getSpikes() {
    return spikes;
  }

  /** When the latest confirmed spike began; {@link Long#MIN_VALUE} if there was none. */
  public long getLastSpikeAtMillis() {
    return lastSpikeAtMillis;
  }

  public double getLastSpikeValue() {
    return lastSpikeValue;
  }

  public double getLastSpikeLevel() {
    return lastSpikeLevel;
  }

  public double getLastSpikeSigma() {
    return lastSpikeSigma;
  }
}
