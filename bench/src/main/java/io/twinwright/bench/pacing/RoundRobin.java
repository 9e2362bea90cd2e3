package io.twinwright.bench.pacing;

/**
 * Spreads a sequence of events over a fixed set of slots in turn, so every device gets the same
 * share of a rate and consecutive publishes go to different connections.
 *
 * @param size number of slots
 */
public record RoundRobin(int size) {
  public RoundRobin {
    if (size < 1) {
      throw new IllegalArgumentException("size must be positive: " + size);
    }
  }

  /** The slot that event {@code sequence} goes to. */
  public int slotOf(long sequence) {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative: " + sequence);
    }
    return (int) (sequence % size);
  }

  /** How many earlier events went to the same slot: the slot's own per-device counter. */
  public long turnOf(long sequence) {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative: " + sequence);
    }
    return sequence / size;
  }
}
