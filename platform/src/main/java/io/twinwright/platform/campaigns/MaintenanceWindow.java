package io.twinwright.platform.campaigns;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A recurring window in which updates may be issued: it opens at each time the cron expression
 * (Unix, five fields: minute hour day-of-month month day-of-week) names in the zone, and stays open
 * for the duration.
 *
 * @param cron the opening times, e.g. {@code 0 2 * * *} for 02:00 every day
 * @param duration how long each window stays open, at most a week
 * @param zone the time zone the cron expression is read in
 */
public record MaintenanceWindow(String cron, Duration duration, ZoneId zone) {
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  public MaintenanceWindow {
    Objects.requireNonNull(cron, "cron");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(zone, "zone");
    if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofDays(7)) > 0) {
      throw new IllegalArgumentException("window duration must be positive and at most 7 days");
    }
    executionTime(cron);
  }

  /** Parses a zone id with a clear message. */
  public static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("unknown time zone: " + id);
    }
  }

  private static ExecutionTime executionTime(String cron) {
    try {
      return ExecutionTime.forCron(PARSER.parse(cron));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid cron expression '"
              + cron
              + "' (five fields: minute hour day month weekday): "
              + e.getMessage());
    }
  }

  /** Whether the window is open at the instant. */
  public boolean isOpen(Instant at) {
    ExecutionTime times = executionTime(cron);
    ZonedDateTime now = at.atZone(zone);
    ZonedDateTime minute = now.truncatedTo(ChronoUnit.MINUTES);
    if (times.isMatch(minute)) {
      return true;
    }
    return times
        .lastExecution(now)
        .map(opened -> opened.toInstant().plus(duration).isAfter(at))
        .orElse(false);
  }
}
