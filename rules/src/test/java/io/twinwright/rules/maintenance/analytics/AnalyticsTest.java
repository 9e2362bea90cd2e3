package io.twinwright.rules.maintenance.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AnalyticsTest {
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;

  @Test
  void ewma_learns_mean_and_deviation_of_a_stationary_signal() {
    Random random = new Random(1);
    Ewma ewma = Ewma.empty();
    for (int i = 0; i < 5_000; i++) {
      ewma = ewma.next(10 + 2 * random.nextGaussian(), 0.005);
    }
    assertThat(ewma.mean()).isCloseTo(10, offset(0.5));
    assertThat(ewma.sigma()).isCloseTo(2, offset(0.4));
    assertThat(ewma.zScore(ewma.mean() + 2 * ewma.sigma())).isCloseTo(2, offset(1e-9));
  }

  @Test
  void ewma_starts_as_a_plain_average_rather_than_sticking_to_the_first_value() {
    Ewma ewma = Ewma.empty().next(0, 0.01).next(10, 0.01);
    assertThat(ewma.mean()).isEqualTo(5);
  }

  @Test
  void ewma_of_a_constant_scores_other_values_as_infinitely_far() {
    Ewma ewma = Ewma.empty().next(3, 0.1).next(3, 0.1);
    assertThat(ewma.zScore(3)).isZero();
    assertThat(ewma.zScore(4)).isEqualTo(Double.MAX_VALUE);
    assertThatThrownBy(() -> ewma.next(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cusum_accumulates_a_persistent_shift_and_forgets_noise() {
    Cusum cusum = Cusum.zero();
    for (int i = 0; i < 10; i++) {
      cusum = cusum.next(1.5, 0.5);
    }
    assertThat(cusum.upper()).isEqualTo(10);
    assertThat(cusum.direction()).isEqualTo(1);

    for (int i = 0; i < 20; i++) {
      cusum = cusum.next(0, 0.5);
    }
    assertThat(cusum.statistic()).isZero();
    assertThat(cusum.next(-3, 0.5).direction()).isEqualTo(-1);
  }

  @Test
  void cusum_bounds_a_single_residual() {
    assertThat(Cusum.zero().next(Double.MAX_VALUE, 0).upper()).isEqualTo(Cusum.MAX_STEP);
  }

  @Test
  void a_stuck_run_grows_within_epsilon_of_its_anchor_and_restarts_beyond() {
    StuckRun run = StuckRun.start(5.0, 0, 1.0);
    run = run.next(5.0005, HOUR, 0.001, 1.0).next(4.9995, 2 * HOUR, 0.001, 1.0);
    assertThat(run.readings()).isEqualTo(3);
    assertThat(run.millisAt(2 * HOUR)).isEqualTo(2 * HOUR);

    StuckRun restarted = run.next(5.01, 3 * HOUR, 0.001, 0.7);
    assertThat(restarted.readings()).isEqualTo(1);
    assertThat(restarted.sinceMillis()).isEqualTo(3 * HOUR);
    assertThat(restarted.sigmaBefore()).isEqualTo(0.7);
  }

  @Test
  void a_creep_smaller_than_epsilon_per_reading_still_ends_the_run() {
    StuckRun run = StuckRun.start(0, 0, 1.0);
    for (int i = 1; i <= 20; i++) {
      run = run.next(i * 0.0004, i, 0.001, 1.0);
    }
    assertThat(run.readings()).isLessThan(20);
  }

  @Test
  void windowed_trend_fits_slope_and_level_of_a_line() {
    WindowedTrend trend = new WindowedTrend(7 * DAY, 48);
    long start = 1_700_000_000_000L; // a realistic epoch: precision must not suffer
    for (int h = 0; h < 5 * 24; h++) {
      trend.add(start + h * HOUR, 80 - 2.0 * h / 24);
    }
    WindowedTrend.Fit fit = trend.fit();
    assertThat(fit.slopePerDay()).isCloseTo(-2.0, offset(1e-6));
    assertThat(fit.levelNow()).isCloseTo(80 - 2.0 * 119 / 24, offset(1e-6));
    assertThat(fit.daysUntil(10)).isCloseTo((fit.levelNow() - 10) / 2.0, offset(1e-6));
    assertThat(fit.daysUntil(100)).isInfinite();
  }

  @Test
  void windowed_trend_forgets_readings_older_than_its_window() {
    WindowedTrend trend = new WindowedTrend(2 * DAY, 48);
    for (int h = 0; h < 10 * 24; h++) {
      // falls for 5 days, then flat
      trend.add(h * HOUR, h < 5 * 24 ? 100 - h : 100 - 5 * 24);
    }
    WindowedTrend.Fit fit = trend.fit();
    assertThat(fit.slopePerDay()).isCloseTo(0, offset(1e-9));
    assertThat(fit.spanMillis()).isBetween(2 * DAY - 2 * HOUR, 2 * DAY + 2 * HOUR);
  }

  @Test
  void windowed_trend_memory_is_bounded_and_reset_forgets_everything() {
    WindowedTrend trend = new WindowedTrend(DAY, 24);
    for (int i = 0; i < 100_000; i++) {
      trend.add(i * 60_000L, i % 7);
    }
    assertThat(trend.fit().readings()).isBetween(1_400L, 1_500L);
    trend.reset();
    assertThat(trend.fit().readings()).isZero();
    assertThat(trend.fit().daysUntil(0)).isInfinite();
  }
}
