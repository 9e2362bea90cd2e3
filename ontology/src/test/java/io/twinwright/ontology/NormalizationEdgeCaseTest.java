package io.twinwright.ontology;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.ontology.NormalizationResult.Normalized;
import io.twinwright.ontology.NormalizationResult.Rejected;
import io.twinwright.twin.PropertyUpdate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The decided outcome of each edge case, for every bundled JSON vendor: missing fields are skipped,
 * extra fields ignored; wrong types, NaN/Infinity and physically impossible values reject the
 * message with a reason naming the field.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NormalizationEdgeCaseTest {
  private final Normalizer normalizer = Normalizer.load(OntologyConfig.defaults());

  private NormalizationResult normalize(String profile, String payload) {
    return normalizer.normalize(NormalizerTest.message(profile, payload));
  }

  private String rejection(String profile, String payload) {
    NormalizationResult result = normalize(profile, payload);
    assertThat(result).isInstanceOf(Rejected.class);
    return ((Rejected) result).reason();
  }

  private List<PropertyUpdate> updates(String profile, String payload) {
    NormalizationResult result = normalize(profile, payload);
    assertThat(result).isInstanceOf(Normalized.class);
    return ((Normalized) result).patch().updates();
  }

  @ParameterizedTest(name = "{0}: missing fields are skipped")
  @CsvSource(
      delimiter = '|',
      value = {
        "acme-th100   | {\"rh\": 40.5}",
        "nordlys-ens2 | {\"env\": {\"hum\": 40.5}}",
        "kelvinix-k3  | {\"humidity_permille\": 405, \"readings\": []}"
      })
  void missing_fields_are_skipped(String profile, String payload) {
    assertThat(updates(profile, payload))
        .containsExactly(new PropertyUpdate("humidity", "value", 40.5));
  }

  @ParameterizedTest(name = "{0}: extra fields are ignored")
  @CsvSource(
      delimiter = '|',
      value = {
        "acme-th100   | {\"rh\": 40.5, \"fw\": \"2.1\", \"rssi\": -71, \"nested\": {\"x\": 1}}",
        "nordlys-ens2 | {\"env\": {\"hum\": 40.5, \"co2\": 800}, \"extra\": [1, 2]}",
        "kelvinix-k3  | {\"humidity_permille\": 405, \"power\": {\"volts\": 3.1}}"
      })
  void extra_fields_are_ignored(String profile, String payload) {
    assertThat(updates(profile, payload))
        .containsExactly(new PropertyUpdate("humidity", "value", 40.5));
  }

  @ParameterizedTest(name = "{0}: a string where a number belongs is rejected")
  @CsvSource(
      delimiter = '|',
      value = {
        "acme-th100   | {\"temp_f\": \"hot\"}                | /temp_f",
        "nordlys-ens2 | {\"t\": [2200]}                      | /t",
        "kelvinix-k3  | {\"readings\": [{\"k\": true}]}      | /readings/0/k"
      })
  void wrong_types_are_rejected(String profile, String payload, String pointer) {
    assertThat(rejection(profile, payload)).contains(pointer).contains("is not a number but");
  }

  @ParameterizedTest(name = "{0}: {1} is rejected")
  @CsvSource(
      delimiter = '|',
      value = {
        "acme-th100   | {\"temp_f\": NaN}      | /temp_f",
        "acme-th100   | {\"rh\": Infinity}     | /rh",
        "nordlys-ens2 | {\"t\": -Infinity}     | /t",
        "nordlys-ens2 | {\"t\": 1e400}         | /t"
      })
  void nan_and_infinity_are_rejected(String profile, String payload, String pointer) {
    assertThat(rejection(profile, payload)).contains(pointer).contains("not a finite number");
  }

  @ParameterizedTest(name = "{0}: {1} is physically impossible")
  @CsvSource(
      delimiter = '|',
      value = {
        "acme-th100   | {\"temp_f\": -500}                 | tw:temperature",
        "kelvinix-k3  | {\"readings\": [{\"k\": -1}]}      | tw:temperature",
        "nordlys-ens2 | {\"env\": {\"hum\": 100.5}}        | tw:relativeHumidity",
        "acme-th100   | {\"bat\": -3}                      | tw:batteryLevel",
        "kelvinix-k3  | {\"power\": {\"soc\": 1.2}}        | tw:batteryLevel"
      })
  void out_of_range_values_are_rejected(String profile, String payload, String property) {
    assertThat(rejection(profile, payload))
        .contains(profile)
        .contains("outside the physical range of " + property);
  }

  @Test
  void the_bounds_themselves_are_accepted() {
    assertThat(updates("kelvinix-k3", "{\"readings\": [{\"k\": 0}]}"))
        .containsExactly(new PropertyUpdate("temperature", "value", -273.15));
    assertThat(updates("nordlys-ens2", "{\"env\": {\"hum\": 100}, \"battery\": {\"pct\": 0}}"))
        .containsExactly(
            new PropertyUpdate("battery", "level", 0.0),
            new PropertyUpdate("humidity", "value", 100.0));
  }

  @Test
  void one_broken_field_rejects_the_whole_message() {
    assertThat(rejection("acme-th100", "{\"temp_f\": 71.6, \"rh\": 140}")).contains("/rh");
  }
}
