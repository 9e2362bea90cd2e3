package io.twinwright.rules.maintenance.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The replays of MAINTENANCE.md on the real data, skipped where the data sets are absent. */
class DatasetReplayTest {
  private static final Path DATASETS =
      Path.of(System.getProperty("twinwright.datasets", "/work/shared/data/datasets"));

  @Test
  void nab_alert_episodes_fall_inside_the_anomaly_windows_more_often_than_at_random() {
    Path nab = DATASETS.resolve("nab");
    assumeTrue(Files.isRegularFile(nab.resolve(NabReplay.SERIES)), "NAB data absent");

    NabReplay.Result result = NabReplay.run(nab);

    assertThat(result.readings()).isEqualTo(7_267);
    assertThat(result.windows()).hasSize(2);
    assertThat(result.insideTotal()).isPositive();
    assertThat((double) result.insideTotal()).isGreaterThan(result.randomExpectationInside());
  }

  @Test
  void cmapss_remaining_life_beats_the_naive_baseline() {
    Path cmapss = DATASETS.resolve("cmapss");
    assumeTrue(Files.isRegularFile(cmapss.resolve("test_FD001.txt")), "C-MAPSS data absent");

    CmapssReplay.Result result = CmapssReplay.run(cmapss);

    assertThat(result.engines()).isEqualTo(100);
    assertThat(result.rmse()).isLessThan(result.naiveRmse());
    assertThat(result.mae()).isLessThan(result.naiveMae());
    // a sanity bound: simple health-index methods reach roughly 20-35 cycles on FD001
    assertThat(result.rmse()).isLessThan(35.0);
  }
}
