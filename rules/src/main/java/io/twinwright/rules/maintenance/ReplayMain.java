package io.twinwright.rules.maintenance;

import io.twinwright.rules.maintenance.replay.CmapssReplay;
import io.twinwright.rules.maintenance.replay.NabReplay;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Replays a public data set through the maintenance pack and prints the figures:
 *
 * <pre>
 * ReplayMain nab    &lt;datasets-dir&gt;   # alert episodes inside/outside NAB's anomaly windows
 * ReplayMain cmapss &lt;datasets-dir&gt;   # RUL error on C-MAPSS FD001 against a naive baseline
 * </pre>
 *
 * {@code <datasets-dir>} holds {@code nab/} and {@code cmapss/} (or is one of them).
 */
public final class ReplayMain {
  private ReplayMain() {}

  public static void main(String[] args) {
    if (args.length != 2 || !(args[0].equals("nab") || args[0].equals("cmapss"))) {
      System.err.println("usage: ReplayMain nab|cmapss <datasets-dir>");
      System.exit(2);
      return;
    }
    Path dir = Path.of(args[1]);
    Path data = Files.isDirectory(dir.resolve(args[0])) ? dir.resolve(args[0]) : dir;
    String report =
        args[0].equals("nab") ? NabReplay.run(data).describe() : CmapssReplay.run(data).describe();
    System.out.println(report);
  }
}
