package io.twinwright.rules.maintenance.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinwright.rules.maintenance.MaintenancePolicy;
import io.twinwright.rules.maintenance.ReplaySession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays NAB's {@code ambient_temperature_system_failure.csv} (hourly office temperatures in °F
 * before a system failure) as the readings of one temperature sensor, with the pseudo clock
 * following the timestamps and the policy of {@link #policy()}, and counts the alert episodes that
 * start inside and outside the labelled anomaly windows of {@code windows.json}.
 */
public final class NabReplay {
  /** The series' file name in the data set. */
  public static final String SERIES = "ambient_temperature_system_failure.csv";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");
  private static final String THING = "nab:ambient-temperature";

  private NabReplay() {}

  /**
   * The outcome of a replay.
   *
   * @param readings readings replayed
   * @param windows the labelled anomaly windows
   * @param windowShare the fraction of the series' time span that the windows cover
   * @param inside episodes starting inside a window, by alert code
   * @param outside episodes starting outside any window, by alert code
   */
  public record Result(
      int readings,
      List<Window> windows,
      double windowShare,
      Map<String, Integer> inside,
      Map<String, Integer> outside) {

    public int insideTotal() {
      return inside.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int outsideTotal() {
      return outside.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Episodes a detector firing at random times would start inside the windows. */
    public double randomExpectationInside() {
      return (insideTotal() + outsideTotal()) * windowShare;
    }

    public String describe() {
      return String.format(
          "NAB %s: %d readings, %d windows covering %.1f %% of the time%n"
              + "episodes inside windows: %d %s%n"
              + "episodes outside windows: %d %s%n"
              + "random expectation inside: %.2f of %d",
          SERIES,
          readings,
          windows.size(),
          100 * windowShare,
          insideTotal(),
          inside,
          outsideTotal(),
          outside,
          randomExpectationInside(),
          insideTotal() + outsideTotal());
    }
  }

  /** A labelled anomaly window. */
  public record Window(Instant start, Instant end) {
    boolean contains(Instant at) {
      return !at.isBefore(start) && !at.isAfter(end);
    }
  }

  /**
   * The policy of an hourly ambient-temperature sensor: the fleet defaults, except a baseline whose
   * memory spans a week of hourly readings (and is learnt for a week first). A room's temperature
   * has a daily rhythm; a baseline that forgets within a day follows a failing air conditioner as
   * readily as the afternoon sun, while one that remembers a week tells the two apart.
   */
  static MaintenancePolicy policy() {
    MaintenancePolicy.Baseline defaults = MaintenancePolicy.defaults().baseline();
    int weekOfHours = 7 * 24;
    return MaintenancePolicy.defaults()
        .withBaseline(
            new MaintenancePolicy.Baseline(
                1.0 / weekOfHours, defaults.cusumK(), defaults.cusumH(), weekOfHours));
  }

  /**
   * Replays the series.
   *
   * @param nabDir the folder holding the series and {@code windows.json}
   */
  public static Result run(Path nabDir) {
    List<Window> windows = windows(nabDir.resolve("windows.json"));
    List<String> lines = lines(nabDir.resolve(SERIES));
    EpisodeRecorder recorder = new EpisodeRecorder();
    Instant first = null;
    Instant last = null;
    int readings = 0;
    try (ReplaySession session = new ReplaySession(ReplaySession.compilePack(), recorder)) {
      recorder.clock(session::now);
      session.setPolicy(policy());
      for (String line : lines.subList(1, lines.size())) {
        String[] cells = line.split(",");
        if (cells.length < 2) {
          continue;
        }
        Instant at = instant(cells[0]);
        double value = Double.parseDouble(cells[1].trim());
        session.reading(THING, "", "temperature", "value", value, at);
        first = first == null ? at : first;
        last = at;
        readings++;
      }
    }
    if (first == null) {
      throw new IllegalArgumentException("no readings in " + nabDir.resolve(SERIES));
    }
    long span = Duration.between(first, last).toMillis();
    long covered = 0;
    for (Window window : windows) {
      Instant start = window.start().isBefore(first) ? first : window.start();
      Instant end = window.end().isAfter(last) ? last : window.end();
      covered += Math.max(0, Duration.between(start, end).toMillis());
    }
    Map<String, Integer> inside = new TreeMap<>();
    Map<String, Integer> outside = new TreeMap<>();
    for (EpisodeRecorder.Episode episode : recorder.episodes()) {
      boolean in = windows.stream().anyMatch(w -> w.contains(episode.at()));
      String kind = episode.code().split(":")[0];
      (in ? inside : outside).merge(kind, 1, Integer::sum);
    }
    return new Result(readings, windows, (double) covered / span, inside, outside);
  }

  /** The windows of this series: {@code {"<folder>/<series>": [[start, end], ...]}}. */
  static List<Window> windows(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    List<Window> windows = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : root.properties()) {
      if (!entry.getKey().endsWith("/" + SERIES) && !entry.getKey().equals(SERIES)) {
        continue;
      }
      for (JsonNode pair : entry.getValue()) {
        windows.add(new Window(instant(pair.get(0).asText()), instant(pair.get(1).asText())));
      }
    }
    if (windows.isEmpty()) {
      throw new IllegalArgumentException("no windows for " + SERIES + " in " + file);
    }
    return windows;
  }

  /** NAB timestamps carry no zone; they are read as UTC, the same for series and windows. */
  static Instant instant(String text) {
    return LocalDateTime.parse(text.trim(), STAMP).toInstant(ZoneOffset.UTC);
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
