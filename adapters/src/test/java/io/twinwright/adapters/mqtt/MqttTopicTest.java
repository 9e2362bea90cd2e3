package io.twinwright.adapters.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.twin.Channel;
import io.twinwright.twin.DeviceId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MqttTopicTest {

  private static final DeviceId SENSOR = DeviceId.of("acme", "sensor-1");

  @Test
  void parses_long_and_short_endpoint_names() {
    assertThat(MqttTopic.parse("telemetry").orElseThrow().channel()).isEqualTo(Channel.TELEMETRY);
    assertThat(MqttTopic.parse("t").orElseThrow().channel()).isEqualTo(Channel.TELEMETRY);
    assertThat(MqttTopic.parse("event").orElseThrow().channel()).isEqualTo(Channel.EVENT);
    assertThat(MqttTopic.parse("e").orElseThrow().channel()).isEqualTo(Channel.EVENT);
  }

  @Test
  void reads_the_property_bag_even_when_values_contain_slashes_and_plus() {
    MqttTopic topic = MqttTopic.parse("t/?content-type=application/ld+json&x=a%20b").orElseThrow();
    assertThat(topic.contentType()).contains("application/ld+json");
    assertThat(topic.properties())
        .isEqualTo(Map.of("content-type", "application/ld+json", "x", "a b"));
  }

  @Test
  void explicit_tenant_and_device_must_be_the_authenticated_ones() {
    assertThat(MqttTopic.parse("telemetry/acme/sensor-1").orElseThrow().addresses(SENSOR)).isTrue();
    assertThat(MqttTopic.parse("telemetry//sensor-1").orElseThrow().addresses(SENSOR)).isTrue();
    assertThat(MqttTopic.parse("telemetry/acme/").orElseThrow().addresses(SENSOR)).isTrue();
    assertThat(MqttTopic.parse("telemetry/acme/sensor-2").orElseThrow().addresses(SENSOR))
        .isFalse();
    assertThat(MqttTopic.parse("telemetry/other/sensor-1").orElseThrow().addresses(SENSOR))
        .isFalse();
  }

  @Test
  void reads_the_creation_time_of_buffered_messages_and_refuses_a_malformed_one() {
    assertThat(MqttTopic.parse("t/?creation-time=1700000000123").orElseThrow().creationTime())
        .contains(java.time.Instant.ofEpochMilli(1_700_000_000_123L));
    assertThat(MqttTopic.parse("telemetry").orElseThrow().creationTime()).isEmpty();
    assertThat(MqttTopic.parse("t/?creation-time=yesterday")).isEmpty();
    assertThat(MqttTopic.parse("t/?creation-time=-5")).isEmpty();
    assertThat(MqttTopic.parse("t/?creation-time=99999999999999999999")).isEmpty();
  }

  @Test
  void rejects_unknown_topics() {
    assertThat(MqttTopic.parse("foo")).isEmpty();
    assertThat(MqttTopic.parse("telemetry/acme")).isEmpty();
    assertThat(MqttTopic.parse("telemetry/acme/sensor-1/extra")).isEmpty();
    assertThat(MqttTopic.parse("command///res/1/200")).isEmpty();
    assertThat(MqttTopic.parse("t/?novalue")).isEmpty();
    assertThat(MqttTopic.parse("")).isEmpty();
  }
}
