package io.twinwright.rules.maintenance.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One engine's run in a C-MAPSS file: its cycles in order, each with the 21 sensor values.
 *
 * @param unit the engine number
 * @param sensors per cycle (index 0 is cycle 1), the 21 sensor measurements
 */
record CmapssRun(int unit, List<double[]> sensors) {
  static final int SENSORS = 21;

  /** Columns: unit, cycle, three operational settings, 21 sensors; whitespace separated. */
  static List<CmapssRun> read(Path file) {
    Map<Integer, List<double[]>> byUnit = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        String[] cells = line.trim().split("\\s+");
        if (cells.length < 5 + SENSORS) {
          continue;
        }
        int unit = Integer.parseInt(cells[0]);
        double[] values = new double[SENSORS];
        for (int s = 0; s < SENSORS; s++) {
          values[s] = Double.parseDouble(cells[5 + s]);
        }
        byUnit.computeIfAbsent(unit, u -> new ArrayList<>()).add(values);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    List<CmapssRun> runs = new ArrayList<>();
    byUnit.forEach((unit, cycles) -> runs.add(new CmapssRun(unit, List.copyOf(cycles))));
    return runs;
  }

  int cycles() {
    return sensors.size();
  }
}
