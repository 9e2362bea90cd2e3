package io.twinwright.ontology;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.ontology.NormalizationResult.Normalized;
import io.twinwright.ontology.NormalizationResult.Rejected;
import io.twinwright.twin.Channel;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.DeviceMessage;
import io.twinwright.twin.PropertyUpdate;
import io.twinwright.twin.TwinPatch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NormalizerTest {
  private static final DeviceId DEVICE = DeviceId.of("greenhouse", "sensor-7");
  private static final Instant RECEIVED = Instant.parse("2024-05-01T12:00:00Z");

  private static final String ACME = "{\"temp_f\": 71.6, \"rh\": 40.5, \"bat\": 93}";
  private static final String NORDLYS =
      "{\"t\": 2200, \"env\": {\"hum\": 40.5}, \"battery\": {\"pct\": 93}, \"ts\": 1700000000000}";
  private static final String KELVINIX =
      "{\"readings\": [{\"k\": 295.15}], \"humidity_permille\": 405, \"power\": {\"soc\": 0.93},"
          + " \"time\": \"2023-11-14T22:13:20Z\"}";

  private final Normalizer normalizer = Normalizer.load(OntologyConfig.defaults());

  static DeviceMessage message(String profile, String payload) {
    return new DeviceMessage(
        DEVICE,
        Channel.TELEMETRY,
        0,
        "application/json",
        payload.getBytes(StandardCharsets.UTF_8),
        RECEIVED,
        profile);
  }

  private TwinPatch patch(String profile, String payload) {
    NormalizationResult result = normalizer.normalize(message(profile, payload));
    assertThat(result).isInstanceOf(Normalized.class);
    return ((Normalized) result).patch();
  }

  private String rejection(String profile, String payload) {
    NormalizationResult result = normalizer.normalize(message(profile, payload));
    assertThat(result).isInstanceOf(Rejected.class);
    return ((Rejected) result).reason();
  }

  @Test
  void bundles_three_environment_sensor_vendors() {
    assertThat(normalizer.profileIds()).contains("acme-th100", "nordlys-ens2", "kelvinix-k3");
  }

  @Test
  void fahrenheit_vendor_yields_canonical_celsius_percent_and_battery() {
    assertThat(patch("acme-th100", ACME).updates())
        .containsExactly(
            new PropertyUpdate("battery", "level", 93.0),
            new PropertyUpdate("humidity", "value", 40.5),
            new PropertyUpdate("temperature", "value", 22.0));
  }

  @Test
  void every_vendor_gives_identical_updates_for_the_same_physical_reading() {
    List<PropertyUpdate> acme = patch("acme-th100", ACME).updates();
    List<PropertyUpdate> nordlys = patch("nordlys-ens2", NORDLYS).updates();
    List<PropertyUpdate> kelvinix = patch("kelvinix-k3", KELVINIX).updates();

    assertThat(nordlys).isEqualTo(acme);
    assertThat(kelvinix).isEqualTo(acme);
    // equal as doubles is not enough for byte-identical twins: compare the exact bits
    for (List<PropertyUpdate> updates : List.of(acme, nordlys, kelvinix)) {
      PropertyUpdate temperature = updates.get(2);
      assertThat(temperature.pointer()).isEqualTo("/features/temperature/properties/value");
      assertThat(Double.doubleToRawLongBits((Double) temperature.value()))
          .isEqualTo(Double.doubleToRawLongBits(22.0));
      assertThat(temperature.value().toString()).isEqualTo("22.0");
    }
  }

  @Test
  void observed_at_is_the_receive_time_when_the_vendor_sends_no_timestamp() {
    assertThat(patch("acme-th100", ACME).observedAt()).isEqualTo(RECEIVED);
  }

  @Test
  void observed_at_is_the_creation_time_the_device_declared_unless_the_payload_has_a_timestamp() {
    Instant created = RECEIVED.minusSeconds(600);
    DeviceMessage acme = message("acme-th100", ACME);
    DeviceMessage buffered =
        new DeviceMessage(
            acme.device(),
            acme.channel(),
            1,
            acme.contentType(),
            acme.payload(),
            RECEIVED,
            "acme-th100",
            created);
    assertThat(((Normalized) normalizer.normalize(buffered)).patch().observedAt())
        .isEqualTo(created);
    DeviceMessage nordlys = message("nordlys-ens2", NORDLYS);
    DeviceMessage stamped =
        new DeviceMessage(
            nordlys.device(),
            nordlys.channel(),
            1,
            nordlys.contentType(),
            nordlys.payload(),
            RECEIVED,
            "nordlys-ens2",
            created);
    assertThat(((Normalized) normalizer.normalize(stamped)).patch().observedAt())
        .isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
  }

  @Test
  void observed_at_is_the_epoch_millis_source_timestamp() {
    assertThat(patch("nordlys-ens2", NORDLYS).observedAt())
        .isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
  }

  @Test
  void observed_at_is_the_iso_source_timestamp() {
    assertThat(patch("kelvinix-k3", KELVINIX).observedAt())
        .isEqualTo(Instant.parse("2023-11-14T22:13:20Z"));
  }

  @Test
  void observed_at_falls_back_to_receive_time_when_the_timestamp_field_is_absent() {
    assertThat(patch("nordlys-ens2", "{\"t\": 2200}").observedAt()).isEqualTo(RECEIVED);
  }

  @Test
  void patch_is_for_the_message_device() {
    assertThat(patch("acme-th100", ACME).device()).isEqualTo(DEVICE);
  }

  @Test
  void absent_fields_are_skipped() {
    assertThat(patch("nordlys-ens2", "{\"env\": {\"hum\": 55.25}}").updates())
        .containsExactly(new PropertyUpdate("humidity", "value", 55.25));
  }

  @Test
  void null_fields_count_as_absent() {
    assertThat(patch("acme-th100", "{\"temp_f\": null, \"bat\": 50}").updates())
        .containsExactly(new PropertyUpdate("battery", "level", 50.0));
  }

  @Test
  void unmapped_fields_are_ignored() {
    assertThat(patch("acme-th100", "{\"bat\": 12, \"fw\": \"1.2.3\", \"rssi\": -70}").updates())
        .containsExactly(new PropertyUpdate("battery", "level", 12.0));
  }

  @Test
  void values_are_rounded_to_the_configured_decimals() {
    // 70 °F = 21.1111… °C
    assertThat(patch("acme-th100", "{\"temp_f\": 70}").updates())
        .containsExactly(new PropertyUpdate("temperature", "value", 21.111111));
    Normalizer coarse = Normalizer.load(OntologyConfig.defaults().withDecimals(1));
    NormalizationResult result = coarse.normalize(message("acme-th100", "{\"temp_f\": 70}"));
    assertThat(((Normalized) result).patch().updates())
        .containsExactly(new PropertyUpdate("temperature", "value", 21.1));
  }

  @Test
  void below_zero_values_convert_and_negative_zero_is_normalised() {
    assertThat(patch("acme-th100", "{\"temp_f\": -40}").updates())
        .containsExactly(new PropertyUpdate("temperature", "value", -40.0));
    Object zero = patch("acme-th100", "{\"temp_f\": 32}").updates().get(0).value();
    assertThat(Double.doubleToRawLongBits((Double) zero)).isEqualTo(0L);
  }

  @Test
  void rejects_unknown_profile() {
    assertThat(rejection("no-such-vendor", ACME))
        .contains("unknown vendor profile 'no-such-vendor'");
  }

  @Test
  void rejects_message_of_a_device_without_profile() {
    assertThat(rejection("", ACME)).contains("has no vendor profile");
  }

  @Test
  void rejects_invalid_json() {
    assertThat(rejection("acme-th100", "{\"temp_f\": 71.6,")).contains("not valid JSON");
    assertThat(rejection("acme-th100", "{\"temp_f\": 71.6} trailing")).contains("not valid JSON");
    assertThat(rejection("acme-th100", "")).contains("empty payload");
  }

  @Test
  void rejects_duplicate_keys_as_ambiguous() {
    assertThat(rejection("acme-th100", "{\"temp_f\": 71.6, \"temp_f\": 80}"))
        .contains("not valid JSON");
  }

  @Test
  void rejects_json_that_is_not_an_object() {
    assertThat(rejection("acme-th100", "[71.6, 40.5]")).contains("not a JSON object");
    assertThat(rejection("acme-th100", "71.6")).contains("not a JSON object");
  }

  @Test
  void rejects_payload_without_any_mapped_field() {
    assertThat(rejection("acme-th100", "{\"temperature\": 22.0}"))
        .contains("acme-th100")
        .contains("none of the profile's fields");
  }

  @Test
  void rejects_non_numeric_mapped_field() {
    assertThat(rejection("acme-th100", "{\"temp_f\": \"71.6\", \"bat\": 93}"))
        .contains("/temp_f")
        .contains("not a number");
    assertThat(rejection("nordlys-ens2", "{\"env\": {\"hum\": {\"v\": 1}}}")).contains("/env/hum");
    assertThat(rejection("acme-th100", "{\"bat\": true}")).contains("/bat");
  }

  @Test
  void rejects_malformed_source_timestamp() {
    assertThat(rejection("nordlys-ens2", "{\"t\": 2200, \"ts\": \"yesterday\"}"))
        .contains("/ts")
        .contains("epoch milliseconds");
    assertThat(rejection("kelvinix-k3", "{\"readings\": [{\"k\": 295.15}], \"time\": \"22:13\"}"))
        .contains("ISO-8601");
  }

  @Test
  void rejects_numbers_that_overflow_after_conversion() {
    assertThat(rejection("nordlys-ens2", "{\"t\": 1e999}")).contains("/t");
  }

  @Test
  void canonical_units_are_known_per_twin_property() {
    assertThat(normalizer.canonicalUnit("temperature", "value"))
        .contains("http://qudt.org/vocab/unit/DEG_C");
    assertThat(normalizer.canonicalUnit("pressure", "value"))
        .contains("http://qudt.org/vocab/unit/KiloPA");
    assertThat(normalizer.canonicalUnit("vibration", "velocity"))
        .contains("http://qudt.org/vocab/unit/MilliM-PER-SEC");
    assertThat(normalizer.canonicalUnit("temperature", "unit")).isEmpty();
  }
}
