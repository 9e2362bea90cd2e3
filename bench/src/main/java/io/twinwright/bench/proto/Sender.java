package io.twinwright.bench.proto;

import java.util.concurrent.CompletionStage;

/** Sends one telemetry message as a device and completes with the protocol's status label. */
interface Sender extends AutoCloseable {
  /** The label of an accepted message ({@code 202}, {@code 2.04}). */
  String accepted();

  /** Completes with the response status ({@code 202}, {@code 4.01}) or {@code error: ...}. */
  CompletionStage<String> send(int device, byte[] payload);

  @Override
  void close();
}
