package io.twinwright.bench.load;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttTopic;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.twinwright.bench.PublishChannel;
import io.twinwright.bench.mqtt.BenchDevice;
import io.twinwright.bench.pacing.PaceSink;
import io.twinwright.bench.pacing.RoundRobin;
import io.twinwright.bench.payload.TemperatureCodec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Turns each paced event into one MQTT publish of the next device in turn. Runs on the pacer thread
 * and never waits: completions are counted by the MQTT client's threads.
 */
public final class LoadPublisher implements PaceSink {
  private final List<BenchDevice> devices;
  private final boolean[] sampled;
  private final RoundRobin turns;
  private final MqttTopic topic;
  private final MqttQos qos;
  private final long warmupNanos;
  private final SampleMatcher matcher;
  private final LoadStats stats;

  /**
   * @param devices the connected devices, published to in turn
   * @param channel telemetry or event
   * @param qos 0 or 1
   * @param warmup publishes before this much elapsed time are not measured
   * @param matcher receives the publishes of sampled devices
   * @param stats receives every publish and its outcome
   */
  public LoadPublisher(
      List<BenchDevice> devices,
      PublishChannel channel,
      int qos,
      Duration warmup,
      SampleMatcher matcher,
      LoadStats stats) {
    this.devices = List.copyOf(devices);
    this.turns = new RoundRobin(this.devices.size());
    this.matcher = Objects.requireNonNull(matcher, "matcher");
    this.sampled = new boolean[this.devices.size()];
    for (int i = 0; i < sampled.length; i++) {
      sampled[i] = matcher.isSampled(this.devices.get(i).login().thingId());
    }
    this.topic = MqttTopic.of(channel.topic());
    this.qos = qos == 1 ? MqttQos.AT_LEAST_ONCE : MqttQos.AT_MOST_ONCE;
    this.warmupNanos = warmup.toNanos();
    this.stats = Objects.requireNonNull(stats, "stats");
  }

  @Override
  public void emit(long sequence, long elapsedNanos) {
    int slot = turns.slotOf(sequence);
    BenchDevice device = devices.get(slot);
    int centi = TemperatureCodec.centiFor(device.nextCounter());
    boolean measured = elapsedNanos >= warmupNanos;
    Mqtt3Publish message =
        Mqtt3Publish.builder()
            .topic(topic)
            .qos(qos)
            .payload(TemperatureCodec.payload(centi))
            .build();
    long publishedAt = System.nanoTime();
    if (sampled[slot]) {
      matcher.published(device.login().thingId(), centi, publishedAt, measured);
    }
    stats.issued(measured);
    device
        .publish(message)
        .whenComplete(
            (sent, failure) -> {
              if (failure != null) {
                stats.failedToSend();
              } else {
                stats.completed(
                    measured, qos == MqttQos.AT_LEAST_ONCE, System.nanoTime() - publishedAt);
              }
            });
  }
}
