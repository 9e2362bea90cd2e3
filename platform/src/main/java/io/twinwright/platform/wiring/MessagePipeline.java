package io.twinwright.platform.wiring;

import io.twinwright.adapters.Downstream;
import io.twinwright.adapters.DownstreamException;
import io.twinwright.ontology.NormalizationResult;
import io.twinwright.ontology.Normalizer;
import io.twinwright.platform.campaigns.FirmwareProgress;
import io.twinwright.twin.DeviceMessage;
import io.twinwright.twin.PropertyUpdate;
import io.twinwright.twin.TwinPatch;
import io.twinwright.twin.TwinService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * One device message's path through the platform: normalise with the vendor profile (a compiled
 * table lookup), apply the patch to the hot twin (which publishes the change to the rules and
 * streams), and, for at-least-once messages, answer only once the change is durable.
 *
 * <p>QoS 0 changes are stored within the deferred-write window (coalesced per twin); QoS 1 changes
 * are written at once and acknowledged when durable.
 *
 * <p>Runs on the adapter's event loop: normalising and applying are in-memory and short; the write
 * to the store happens on the twin writer thread and completes the future from there.
 */
public final class MessagePipeline implements Downstream {
  private final Supplier<Normalizer> normalizer;
  private final TwinService twins;
  private final LongAdder normalized = new LongAdder();
  private final LongAdder rejected = new LongAdder();

  /**
   * @param normalizer the current normaliser (a supplier so profiles can be swapped at runtime)
   */
  public MessagePipeline(Supplier<Normalizer> normalizer, TwinService twins) {
    this.normalizer = normalizer;
    this.twins = twins;
  }

  @Override
  public Future<Void> send(DeviceMessage message) {
    // firmware progress belongs to the platform-owned firmware feature, whatever the vendor
    Optional<List<PropertyUpdate>> firmware;
    try {
      firmware = FirmwareProgress.parse(message.payload());
    } catch (IllegalArgumentException e) {
      rejected.increment();
      return Future.failedFuture(DownstreamException.rejected(e.getMessage()));
    }
    if (firmware.isPresent()) {
      normalized.increment();
      return durable(
          message,
          twins.apply(
              new TwinPatch(message.device(), firmware.get(), message.receivedAt()),
              message.qos() == 1));
    }
    NormalizationResult result = normalizer.get().normalize(message);
    if (result instanceof NormalizationResult.Rejected r) {
      rejected.increment();
      return Future.failedFuture(DownstreamException.rejected(r.reason()));
    }
    var patch = ((NormalizationResult.Normalized) result).patch();
    normalized.increment();
    // at-most-once telemetry may be coalesced before it is stored; at-least-once is written now
    return durable(message, twins.apply(patch, message.qos() == 1));
  }

  private static Future<Void> durable(
      DeviceMessage message, java.util.concurrent.CompletableFuture<?> durable) {
    if (message.qos() == 0) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    durable.whenComplete(
        (event, error) -> {
          if (error == null) {
            promise.tryComplete();
          } else {
            promise.tryFail(DownstreamException.unavailable("twin store: " + error.getMessage()));
          }
        });
    return promise.future();
  }

  public long normalized() {
    return normalized.sum();
  }

  public long rejected() {
    return rejected.sum();
  }
}
