package io.twinwright.rules.session;

/**
 * The times of a device's most recent messages, enough of them to tell whether more than the
 * policy's limit fell within its window: an exact sliding window that never keeps more than limit +
 * 1 timestamps, and only as many as the device actually sent recently.
 */
final class MessageWindow {
  private static final int INITIAL = 4;

  private long[] times = new long[INITIAL];
  private int oldest;
  private int size;

  /**
   * Adds a message and counts those within {@code windowMillis} before it.
   *
   * @param cap the most worth counting (the policy's limit + 1)
   * @return how many messages fell within the window ending at {@code atMillis}, at most {@code
   *     cap}
   */
  int record(long atMillis, long windowMillis, int cap) {
    long from = atMillis - windowMillis;
    while (size > 0 && (times[oldest] <= from || size >= cap)) {
      oldest = (oldest + 1) % times.length;
      size--;
    }
    if (size == times.length) {
      grow(Math.min(cap, times.length * 2));
    }
    times[(oldest + size) % times.length] = atMillis;
    size++;
    return size;
  }

  private void grow(int capacity) {
    long[] bigger = new long[capacity];
    for (int i = 0; i < size; i++) {
      bigger[i] = times[(oldest + i) % times.length];
    }
    times = bigger;
    oldest = 0;
  }
}
