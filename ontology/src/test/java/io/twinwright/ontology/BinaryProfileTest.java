package io.twinwright.ontology;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.ontology.NormalizationResult.Normalized;
import io.twinwright.ontology.NormalizationResult.Rejected;
import io.twinwright.twin.Channel;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.DeviceMessage;
import io.twinwright.twin.PropertyUpdate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BinaryProfileTest {
  private static final Instant RECEIVED = Instant.parse("2024-05-01T12:00:00Z");

  private final Normalizer normalizer = Normalizer.load(OntologyConfig.defaults());

  static DeviceMessage binary(String profile, int... bytes) {
    byte[] payload = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      payload[i] = (byte) bytes[i];
    }
    return new DeviceMessage(
        DeviceId.of("greenhouse", "lora-1"),
        Channel.TELEMETRY,
        0,
        "application/octet-stream",
        payload,
        RECEIVED,
        profile);
  }

  private List<PropertyUpdate> updates(int... bytes) {
    NormalizationResult result = normalizer.normalize(binary("brightwave-b1", bytes));
    assertThat(result).isInstanceOf(Normalized.class);
    return ((Normalized) result).patch().updates();
  }

  private String rejection(int... bytes) {
    NormalizationResult result = normalizer.normalize(binary("brightwave-b1", bytes));
    assertThat(result).isInstanceOf(Rejected.class);
    return ((Rejected) result).reason();
  }

  @Test
  void binary_vendor_gives_the_same_updates_as_the_json_vendors() {
    // 0x00DC = 220 tenths of °C, 0x51 = 81 half percent, 0x5D = 93 %
    List<PropertyUpdate> binary = updates(0x00, 0xDC, 0x51, 0x5D);
    NormalizationResult acme =
        normalizer.normalize(
            NormalizerTest.message("acme-th100", "{\"temp_f\": 71.6, \"rh\": 40.5, \"bat\": 93}"));
    assertThat(binary).isEqualTo(((Normalized) acme).patch().updates());
    assertThat(binary)
        .containsExactly(
            new PropertyUpdate("battery", "level", 93.0),
            new PropertyUpdate("humidity", "value", 40.5),
            new PropertyUpdate("temperature", "value", 22.0));
  }

  @Test
  void signed_big_endian_temperatures_below_zero() {
    // -105 tenths = 0xFF97
    assertThat(updates(0xFF, 0x97, 0x50, 0x10))
        .contains(new PropertyUpdate("temperature", "value", -10.5));
  }

  @Test
  void observed_at_is_the_receive_time() {
    NormalizationResult result = normalizer.normalize(binary("brightwave-b1", 0, 220, 81, 93));
    assertThat(((Normalized) result).patch().observedAt()).isEqualTo(RECEIVED);
  }

  @Test
  void the_no_value_marker_skips_the_field() {
    assertThat(updates(0x7F, 0xFF, 0x51, 0x5D))
        .containsExactly(
            new PropertyUpdate("battery", "level", 93.0),
            new PropertyUpdate("humidity", "value", 40.5));
  }

  @Test
  void trailing_extra_bytes_are_ignored() {
    assertThat(updates(0x00, 0xDC, 0x51, 0x5D, 0x01, 0x02, 0x03)).hasSize(3);
  }

  @Test
  void truncated_payload_is_rejected() {
    assertThat(rejection(0x00, 0xDC, 0x51))
        .contains("brightwave-b1")
        .contains("truncated payload: 3 bytes")
        .contains("needs 4");
  }

  @Test
  void humidity_above_one_hundred_percent_is_out_of_range() {
    // 0xFF half percent = 127.5 %RH
    assertThat(rejection(0x00, 0xDC, 0xFF, 0x5D))
        .contains("byte 2 (uint8)")
        .contains("127.5")
        .contains("outside the physical range of tw:relativeHumidity");
  }

  @Test
  void temperature_below_absolute_zero_is_out_of_range() {
    // -2800 tenths = -280 °C = 0xF510
    assertThat(rejection(0xF5, 0x10, 0x51, 0x5D))
        .contains("bytes 0-1 (int16 BE)")
        .contains("tw:temperature");
  }
}
