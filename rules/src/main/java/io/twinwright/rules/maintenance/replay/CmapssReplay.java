package io.twinwright.rules.maintenance.replay;

import io.twinwright.rules.maintenance.HealthTrend;
import io.twinwright.rules.maintenance.MaintenancePolicy;
import io.twinwright.rules.maintenance.ReplaySession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays C-MAPSS FD001 through the predicted-failure rule: the health index is fitted on the
 * training runs ({@link HealthIndicator}), every test engine reports its index once per cycle as
 * {@code health/index} (one cycle is one hour of the pseudo clock, all engines side by side), and
 * the remaining useful life that the engine's {@link HealthTrend} estimates after its last cycle is
 * compared with {@code RUL_FD001.txt}.
 */
public final class CmapssReplay {
  /** One engine cycle on the pseudo clock. */
  static final Duration CYCLE = Duration.ofHours(1);

  /**
   * Cycles of history the trend is fitted to: long enough to average out the index's cycle-to-cycle
   * noise, short enough to follow the accelerating end of a degradation.
   */
  static final int WINDOW_CYCLES = 30;

  private static final Instant START = Instant.parse("2000-01-01T00:00:00Z");
  private static final String MODEL = "nasa:cmapss-turbofan:fd001";

  private CmapssReplay() {}

  /**
   * The outcome of a replay: errors in cycles.
   *
   * @param engines test engines evaluated
   * @param sensors the sensors (1-based, as the data set numbers them) in the health index
   * @param rmse root mean squared error of the rule's estimate
   * @param mae mean absolute error of the rule's estimate
   * @param naiveEstimate the naive baseline: the mean remaining life over all training cycles
   * @param naiveRmse its root mean squared error
   * @param naiveMae its mean absolute error
   */
  public record Result(
      int engines,
      List<Integer> sensors,
      double rmse,
      double mae,
      double naiveEstimate,
      double naiveRmse,
      double naiveMae) {
    public Result {
      sensors = List.copyOf(sensors);
    }

    public String describe() {
      return String.format(
          "C-MAPSS FD001: %d test engines, health index from sensors %s%n"
              + "predicted-failure rule RUL: RMSE %.2f, MAE %.2f cycles%n"
              + "naive baseline (always %.1f cycles, the mean training RUL): RMSE %.2f, MAE %.2f"
              + " cycles",
          engines, sensors, rmse, mae, naiveEstimate, naiveRmse, naiveMae);
    }
  }

  /**
   * The policy of this engine class: a health index that fails at 1.0 (by construction), a trend
   * over {@link #WINDOW_CYCLES} cycles, estimates capped at the mean training RUL (with no visible
   * degradation, the prior is the best guess), and no repair resets (the runs have none, and the
   * index's cycle-to-cycle noise exceeds the default repair drop).
   */
  static MaintenancePolicy policy(double priorCycles) {
    return MaintenancePolicy.defaults()
        .forModel(MODEL)
        .withHealth(
            new MaintenancePolicy.Health(
                1.0,
                CYCLE.multipliedBy(WINDOW_CYCLES),
                CYCLE.multipliedBy(20),
                Duration.ofMillis(Math.round(priorCycles * CYCLE.toMillis())),
                10,
                Double.MAX_VALUE));
  }

  /**
   * @param cmapssDir the folder holding {@code train_FD001.txt}, {@code test_FD001.txt} and {@code
   *     RUL_FD001.txt}
   */
  public static Result run(Path cmapssDir) {
    List<CmapssRun> train = CmapssRun.read(cmapssDir.resolve("train_FD001.txt"));
    List<CmapssRun> test = CmapssRun.read(cmapssDir.resolve("test_FD001.txt"));
    List<Double> truth = truth(cmapssDir.resolve("RUL_FD001.txt"));
    if (truth.size() != test.size()) {
      throw new IllegalArgumentException(
          truth.size() + " true RULs for " + test.size() + " test engines");
    }
    HealthIndicator indicator = HealthIndicator.fit(train);
    double prior = meanTrainingRul(train);
    double[] estimates = new double[test.size()];
    EpisodeRecorder recorder = new EpisodeRecorder();
    try (ReplaySession session = new ReplaySession(ReplaySession.compilePack(), recorder)) {
      session.setPolicy(policy(prior));
      int longest = test.stream().mapToInt(CmapssRun::cycles).max().orElse(0);
      for (int c = 0; c < longest; c++) {
        Instant at = START.plus(CYCLE.multipliedBy(c + 1));
        for (int e = 0; e < test.size(); e++) {
          CmapssRun run = test.get(e);
          if (c < run.cycles()) {
            double index = indicator.index(run.sensors().get(c));
            session.reading(thing(run), MODEL, "health", "index", index, at);
            if (c == run.cycles() - 1) {
              estimates[e] = remainingCycles(session, thing(run));
            }
          }
        }
      }
    }
    double squared = 0;
    double absolute = 0;
    double naiveSquared = 0;
    double naiveAbsolute = 0;
    for (int e = 0; e < test.size(); e++) {
      double error = estimates[e] - truth.get(e);
      double naiveError = prior - truth.get(e);
      squared += error * error;
      absolute += Math.abs(error);
      naiveSquared += naiveError * naiveError;
      naiveAbsolute += Math.abs(naiveError);
    }
    int n = test.size();
    List<Integer> sensors = new ArrayList<>();
    for (int s : indicator.sensors()) {
      sensors.add(s + 1);
    }
    return new Result(
        n,
        sensors,
        Math.sqrt(squared / n),
        absolute / n,
        prior,
        Math.sqrt(naiveSquared / n),
        naiveAbsolute / n);
  }

  private static double remainingCycles(ReplaySession session, String thing) {
    HealthTrend trend =
        session.facts(HealthTrend.class).stream()
            .filter(t -> t.getThingId().equals(thing))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no health trend for " + thing));
    return trend.getRemainingUsefulLifeMillis() / (double) CYCLE.toMillis();
  }

  private static double meanTrainingRul(List<CmapssRun> train) {
    double sum = 0;
    long count = 0;
    for (CmapssRun run : train) {
      for (int c = 0; c < run.cycles(); c++) {
        sum += run.cycles() - (c + 1);
        count++;
      }
    }
    return sum / count;
  }

  private static String thing(CmapssRun run) {
    return "cmapss:engine-" + run.unit();
  }

  private static List<Double> truth(Path file) {
    try {
      return Files.readAllLines(file).stream()
          .map(String::trim)
          .filter(line -> !line.isEmpty())
          .map(Double::valueOf)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
