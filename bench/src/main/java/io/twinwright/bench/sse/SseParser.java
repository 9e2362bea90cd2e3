package io.twinwright.bench.sse;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Assembles server-sent events from lines: {@code data:} lines are joined with newlines and handed
 * over when a blank line ends the event; comments ({@code :keep-alive}) and the {@code event},
 * {@code id} and {@code retry} fields are skipped because the generator needs only the payload. One
 * parser per connection, used from one thread.
 */
public final class SseParser {
  private final Consumer<String> onData;
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;

  /**
   * @param onData receives the data of each complete event that carried any
   */
  public SseParser(Consumer<String> onData) {
    this.onData = Objects.requireNonNull(onData, "onData");
  }

  /** Consumes one line, without its terminator; a trailing carriage return is ignored. */
  public void line(String rawLine) {
    String line = rawLine.endsWith("\r") ? rawLine.substring(0, rawLine.length() - 1) : rawLine;
    if (line.isEmpty()) {
      dispatch();
      return;
    }
    if (line.startsWith(":")) {
      return;
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    if (!"data".equals(field)) {
      return;
    }
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    if (hasData) {
      data.append('\n');
    }
    data.append(value);
    hasData = true;
  }

  private void dispatch() {
    if (hasData) {
      String event = data.toString();
      data.setLength(0);
      hasData = false;
      if (!event.isBlank()) {
        onData.accept(event);
      }
    }
  }
}
