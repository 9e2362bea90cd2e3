package io.twinwright.bench.api;

/**
 * The twins the API bench creates and reads: {@code <namespace>:twin-<k>} with attributes {@code
 * {"building":"b<k%100>","floor":k%10}}, so a building filter matches 1 % of the fleet.
 */
public final class BenchTwins {
  public static final int BUILDINGS = 100;

  private BenchTwins() {}

  public static String thingId(String namespace, int k) {
    return namespace + ":twin-" + String.format("%06d", k);
  }

  public static String body(int k) {
    return "{\"attributes\":{\"building\":\"b"
        + (k % BUILDINGS)
        + "\",\"floor\":"
        + (k % 10)
        + "}}";
  }
}
