package io.twinwright.ontology.vocab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class UnitConversionTest {
  private static final String UNIT = "http://qudt.org/vocab/unit/";

  private final Vocabulary vocabulary = Vocabulary.bundled();

  private double convert(double value, String from, String to) {
    return LinearConversion.of(unit(from), BigDecimal.ONE, BigDecimal.ZERO, unit(to)).apply(value);
  }

  private Unit unit(String name) {
    return vocabulary.unit(UNIT + name).orElseThrow();
  }

  @Test
  void fahrenheit_to_celsius() {
    assertThat(convert(212, "DEG_F", "DEG_C")).isCloseTo(100.0, within(1e-12));
    assertThat(convert(32, "DEG_F", "DEG_C")).isCloseTo(0.0, within(1e-12));
    assertThat(convert(-40, "DEG_F", "DEG_C")).isCloseTo(-40.0, within(1e-12));
    assertThat(convert(71.6, "DEG_F", "DEG_C")).isCloseTo(22.0, within(1e-12));
  }

  @Test
  void kelvin_to_celsius_and_back() {
    assertThat(convert(273.15, "K", "DEG_C")).isCloseTo(0.0, within(1e-12));
    assertThat(convert(0, "K", "DEG_C")).isCloseTo(-273.15, within(1e-12));
    assertThat(convert(22, "DEG_C", "K")).isCloseTo(295.15, within(1e-12));
    assertThat(convert(295.15, "K", "DEG_F")).isCloseTo(71.6, within(1e-12));
  }

  @Test
  void psi_and_bar_to_kilopascal() {
    assertThat(convert(1, "PSI", "KiloPA")).isCloseTo(6.894757293168361, within(1e-12));
    assertThat(convert(14.5038, "PSI", "KiloPA")).isCloseTo(100.0, within(1e-3));
    assertThat(convert(1, "BAR", "KiloPA")).isCloseTo(100.0, within(1e-12));
    assertThat(convert(1013.25, "HectoPA", "KiloPA")).isCloseTo(101.325, within(1e-12));
    assertThat(convert(1013.25, "MilliBAR", "KiloPA")).isCloseTo(101.325, within(1e-12));
    assertThat(convert(101325, "PA", "KiloPA")).isCloseTo(101.325, within(1e-12));
  }

  @Test
  void inches_per_second_to_millimetres_per_second() {
    assertThat(convert(1, "IN-PER-SEC", "MilliM-PER-SEC")).isCloseTo(25.4, within(1e-12));
    assertThat(convert(0.01, "M-PER-SEC", "MilliM-PER-SEC")).isCloseTo(10.0, within(1e-12));
  }

  @Test
  void ratios_convert_between_percent_and_per_mille() {
    assertThat(convert(405, "PERMILLE", "PERCENT_RH")).isCloseTo(40.5, within(1e-12));
    assertThat(convert(40.5, "PERCENT", "PERCENT_RH")).isCloseTo(40.5, within(1e-12));
  }

  @Test
  void vendor_scale_and_offset_apply_before_the_unit_conversion() {
    // centi-degrees Celsius
    LinearConversion centi =
        LinearConversion.of(unit("DEG_C"), new BigDecimal("0.01"), BigDecimal.ZERO, unit("DEG_C"));
    assertThat(centi.apply(2200)).isCloseTo(22.0, within(1e-12));
    // tenths of a kelvin above 200 K: (raw * 0.1 + 200) K
    LinearConversion shifted =
        LinearConversion.of(unit("K"), new BigDecimal("0.1"), new BigDecimal("200"), unit("DEG_C"));
    assertThat(shifted.apply(951.5)).isCloseTo(22.0, within(1e-12));
  }

  @Test
  void canonical_properties_use_their_declared_units() {
    assertThat(vocabulary.property(Tw.NS + "temperature").orElseThrow().unit().iri())
        .isEqualTo(UNIT + "DEG_C");
    assertThat(vocabulary.property(Tw.NS + "relativeHumidity").orElseThrow().unit().iri())
        .isEqualTo(UNIT + "PERCENT_RH");
    assertThat(vocabulary.property(Tw.NS + "batteryLevel").orElseThrow().unit().iri())
        .isEqualTo(UNIT + "PERCENT");
    assertThat(vocabulary.property(Tw.NS + "pressure").orElseThrow().unit().iri())
        .isEqualTo(UNIT + "KiloPA");
    assertThat(vocabulary.property(Tw.NS + "vibrationVelocity").orElseThrow().unit().iri())
        .isEqualTo(UNIT + "MilliM-PER-SEC");
    assertThat(vocabulary.property(Tw.NS + "temperature").orElseThrow().featureId())
        .isEqualTo("temperature");
  }

  @Test
  void units_of_one_quantity_kind_do_not_measure_another() {
    assertThat(unit("KiloPA").measures(Tw.QUANTITY_KIND + "Temperature")).isFalse();
    assertThat(unit("DEG_F").measures(Tw.QUANTITY_KIND + "Temperature")).isTrue();
    assertThat(unit("PERCENT_RH").measures(Tw.QUANTITY_KIND + "StateOfCharge")).isFalse();
  }
}
