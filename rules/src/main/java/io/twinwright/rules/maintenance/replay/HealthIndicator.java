package io.twinwright.rules.maintenance.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * A health index fitted on run-to-failure data: a linear combination of the standardised sensors
 * that trend with age, scaled so that a healthy engine reads 0 and a failing one 1.0.
 *
 * <p>Method, all on training runs only: (1) the target of an engine at cycle {@code c} of a life of
 * {@code L} cycles is its life fraction {@code c / L}; (2) sensors that are (almost) constant, or
 * whose Pearson correlation with the target is weaker than {@link #MIN_CORRELATION}, are dropped —
 * what remains are the monotonic degradation signals; (3) each kept sensor is standardised with its
 * training mean and deviation; (4) ordinary least squares (with a tiny ridge for conditioning) fits
 * the target; (5) the fitted value is rescaled so that the mean over the first {@link
 * #HEALTHY_CYCLES} cycles of every engine is 0 and the mean at the failure cycle is 1.0.
 *
 * @param sensors the kept sensor indices (0-based within the 21)
 * @param means their training means
 * @param deviations their training standard deviations
 * @param weights the regression weights of the standardised sensors
 * @param intercept the regression intercept
 * @param healthy the raw index of a healthy engine
 * @param failed the raw index at failure
 */
record HealthIndicator(
    int[] sensors,
    double[] means,
    double[] deviations,
    double[] weights,
    double intercept,
    double healthy,
    double failed) {

  HealthIndicator {
    sensors = sensors.clone();
    means = means.clone();
    deviations = deviations.clone();
    weights = weights.clone();
    if (!(failed != healthy)) {
      throw new IllegalArgumentException("failed and healthy levels must differ");
    }
  }

  /** Sensors correlating less than this with the life fraction carry no usable trend. */
  static final double MIN_CORRELATION = 0.5;

  /** How many first cycles of each engine define "healthy". */
  static final int HEALTHY_CYCLES = 20;

  /** The normalised index of one cycle's sensor values. */
  double index(double[] values) {
    return (raw(values) - healthy) / (failed - healthy);
  }

  private double raw(double[] values) {
    double sum = intercept;
    for (int i = 0; i < sensors.length; i++) {
      sum += weights[i] * (values[sensors[i]] - means[i]) / deviations[i];
    }
    return sum;
  }

  static HealthIndicator fit(List<CmapssRun> train) {
    List<double[]> rows = new ArrayList<>();
    List<Double> targets = new ArrayList<>();
    for (CmapssRun run : train) {
      for (int c = 0; c < run.cycles(); c++) {
        rows.add(run.sensors().get(c));
        targets.add((c + 1) / (double) run.cycles());
      }
    }
    int n = rows.size();
    double targetMean = targets.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    List<Integer> kept = new ArrayList<>();
    List<double[]> stats = new ArrayList<>();
    for (int s = 0; s < CmapssRun.SENSORS; s++) {
      double mean = 0;
      for (double[] row : rows) {
        mean += row[s];
      }
      mean /= n;
      double var = 0;
      double cov = 0;
      double targetVar = 0;
      for (int i = 0; i < n; i++) {
        double d = rows.get(i)[s] - mean;
        double t = targets.get(i) - targetMean;
        var += d * d;
        cov += d * t;
        targetVar += t * t;
      }
      double deviation = Math.sqrt(var / n);
      if (deviation < 1e-9 * Math.max(1, Math.abs(mean))) {
        continue;
      }
      double correlation = cov / Math.sqrt(var * targetVar);
      if (Math.abs(correlation) >= MIN_CORRELATION) {
        kept.add(s);
        stats.add(new double[] {mean, deviation});
      }
    }
    int k = kept.size();
    if (k == 0) {
      throw new IllegalArgumentException("no sensor trends with age");
    }
    // normal equations for [intercept, weights] on standardised sensors
    int p = k + 1;
    double[][] xtx = new double[p][p];
    double[] xty = new double[p];
    double[] x = new double[p];
    for (int i = 0; i < n; i++) {
      x[0] = 1;
      for (int j = 0; j < k; j++) {
        x[j + 1] = (rows.get(i)[kept.get(j)] - stats.get(j)[0]) / stats.get(j)[1];
      }
      for (int a = 0; a < p; a++) {
        xty[a] += x[a] * targets.get(i);
        for (int b = 0; b < p; b++) {
          xtx[a][b] += x[a] * x[b];
        }
      }
    }
    for (int a = 1; a < p; a++) {
      xtx[a][a] += 1e-6 * n;
    }
    double[] beta = solve(xtx, xty);
    int[] sensors = kept.stream().mapToInt(Integer::intValue).toArray();
    double[] means = stats.stream().mapToDouble(st -> st[0]).toArray();
    double[] deviations = stats.stream().mapToDouble(st -> st[1]).toArray();
    double[] weights = new double[k];
    System.arraycopy(beta, 1, weights, 0, k);
    HealthIndicator unscaled =
        new HealthIndicator(sensors, means, deviations, weights, beta[0], 0, 1);
    double healthy = 0;
    int healthyCount = 0;
    double failed = 0;
    for (CmapssRun run : train) {
      for (int c = 0; c < Math.min(HEALTHY_CYCLES, run.cycles()); c++) {
        healthy += unscaled.raw(run.sensors().get(c));
        healthyCount++;
      }
      failed += unscaled.raw(run.sensors().get(run.cycles() - 1));
    }
    return new HealthIndicator(
        sensors,
        means,
        deviations,
        weights,
        beta[0],
        healthy / healthyCount,
        failed / train.size());
  }

  /** Gaussian elimination with partial pivoting; the system is small (one row per sensor). */
  private static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      m[i] = java.util.Arrays.copyOf(a[i], n + 1);
      m[i][n] = b[i];
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
          pivot = r;
        }
      }
      double[] swap = m[col];
      m[col] = m[pivot];
      m[pivot] = swap;
      if (Math.abs(m[col][col]) < 1e-12) {
        throw new IllegalArgumentException("singular system");
      }
      for (int r = 0; r < n; r++) {
        if (r != col) {
          double f = m[r][col] / m[col][col];
          for (int c = col; c <= n; c++) {
            m[r][c] -= f * m[col][c];
          }
        }
      }
    }
    double[] solution = new double[n];
    for (int i = 0; i < n; i++) {
      solution[i] = m[i][n] / m[i][i];
    }
    return solution;
  }
}
