package io.twinwright.bench.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemperatureCodecTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** What the platform does with {@code t}: divide by 100 and round to 6 decimals. */
  private static double platformValue(int t) {
    return BigDecimal.valueOf(t)
        .divide(BigDecimal.valueOf(100))
        .setScale(6, RoundingMode.HALF_UP)
        .doubleValue();
  }

  @Test
  void every_value_survives_payload_twin_value_and_back() throws Exception {
    for (long counter = 0; counter < TemperatureCodec.SPAN; counter++) {
      int centi = TemperatureCodec.centiFor(counter);
      JsonNode payload = MAPPER.readTree(TemperatureCodec.payload(centi));
      int t = payload.get("t").intValue();

      assertThat(t).isEqualTo(centi);
      assertThat(TemperatureCodec.centiOf(platformValue(t))).isEqualTo(centi);
      assertThat(TemperatureCodec.centiOf(TemperatureCodec.twinValue(centi))).isEqualTo(centi);
    }
  }

  @Test
  void payload_is_the_nordlys_ens2_shape() {
    assertThat(new String(TemperatureCodec.payload(2237), StandardCharsets.US_ASCII))
        .isEqualTo("{\"t\":2237}");
  }

  @Test
  void values_are_unique_per_device_within_the_span_then_wrap() {
    Set<Integer> seen = new HashSet<>();
    for (long counter = 0; counter < TemperatureCodec.SPAN; counter++) {
      assertThat(seen.add(TemperatureCodec.centiFor(counter))).isTrue();
    }
    assertThat(TemperatureCodec.centiFor(TemperatureCodec.SPAN))
        .isEqualTo(TemperatureCodec.centiFor(0));
  }

  @Test
  void values_stay_inside_the_model_range_and_below_the_high_alarm() {
    for (long counter = 0; counter < TemperatureCodec.SPAN; counter++) {
      double celsius = TemperatureCodec.twinValue(TemperatureCodec.centiFor(counter));
      assertThat(celsius).isBetween(-40.0, 125.0).isLessThan(45.0);
    }
  }

  @Test
  void publish_key_rounds_the_twin_value_back_to_centi_degrees() {
    assertThat(PublishKey.ofTwinValue("bench:bench-0001", 22.369999999))
        .isEqualTo(new PublishKey("bench:bench-0001", 2237));
    assertThatThrownBy(() -> TemperatureCodec.centiOf(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TemperatureCodec.centiFor(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
