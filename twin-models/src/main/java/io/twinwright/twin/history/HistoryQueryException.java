package io.twinwright.twin.history;

/** A history query that cannot be answered as asked (a caller's mistake, not a store failure). */
public final class HistoryQueryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public HistoryQueryException(String message) {
    super(message);
  }
}
