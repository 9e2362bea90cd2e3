package io.twinwright.adapters.coap;

import io.twinwright.adapters.Fixtures;
import io.twinwright.adapters.command.Command;
import io.twinwright.adapters.command.CommandConsumer;
import io.twinwright.adapters.command.CommandGateway;
import io.twinwright.adapters.command.CommandResponse;
import io.twinwright.twin.DeviceId;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test double of the command service: remembers who waits for commands, hands a command to the
 * waiting consumer on request, and accepts responses only for request ids it was told about.
 */
final class RecordingCommands implements CommandGateway {

  final BlockingQueue<DeviceId> subscriptions = new LinkedBlockingQueue<>();
  final BlockingQueue<CommandResponse> responses = new LinkedBlockingQueue<>();
  private final Map<DeviceId, CommandConsumer> consumers = new ConcurrentHashMap<>();
  private final Set<String> awaitedResponses = ConcurrentHashMap.newKeySet();

  @Override
  public Registration subscribe(DeviceId device, CommandConsumer consumer, boolean once) {
    consumers.put(device, consumer);
    subscriptions.add(device);
    return () -> consumers.remove(device, consumer);
  }

  @Override
  public Future<Void> respond(CommandResponse response) {
    if (!awaitedResponses.remove(response.requestId())) {
      return Future.failedFuture(
          new IllegalStateException("no command waits for " + response.requestId()));
    }
    responses.add(response);
    return Future.succeededFuture();
  }

  /** Waits until someone waits for the device's commands. */
  void awaitSubscription(DeviceId device) throws InterruptedException {
    long deadline = System.nanoTime() + Fixtures.TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      DeviceId next = subscriptions.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (device.equals(next)) {
        return;
      }
    }
    throw new AssertionError("nobody subscribed for commands of " + device);
  }

  /** Hands the command to whoever waits for the device; fails when nobody does. */
  Future<Void> send(Command command) {
    CommandConsumer consumer = consumers.remove(command.device());
    if (consumer == null) {
      return Future.failedFuture(new IllegalStateException("no consumer for " + command.device()));
    }
    command.requestId().ifPresent(awaitedResponses::add);
    return consumer.deliver(command);
  }

  boolean hasConsumer(DeviceId device) {
    return consumers.containsKey(device);
  }

  CommandResponse nextResponse() throws InterruptedException {
    CommandResponse response = responses.poll(Fixtures.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (response == null) {
      throw new AssertionError("no command response arrived");
    }
    return response;
  }
}
