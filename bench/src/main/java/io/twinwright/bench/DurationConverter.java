package io.twinwright.bench;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads durations the way operators type them: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h},
 * a bare number of seconds, or ISO-8601 ({@code PT30S}).
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern SHORT = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  public static Duration parse(String value) {
    String text = value.strip().toLowerCase(Locale.ROOT);
    Matcher matcher = SHORT.matcher(text);
    if (matcher.matches()) {
      double amount = Double.parseDouble(matcher.group(1));
      String unit = matcher.group(2) == null ? "s" : matcher.group(2);
      double nanosPerUnit =
          switch (unit) {
            case "ms" -> 1e6;
            case "m" -> 60e9;
            case "h" -> 3_600e9;
            default -> 1e9;
          };
      return Duration.ofNanos(Math.round(amount * nanosPerUnit));
    }
    try {
      return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a duration (examples: 500ms, 30s, 2m, PT30S)");
    }
  }
}
