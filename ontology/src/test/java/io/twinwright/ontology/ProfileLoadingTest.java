package io.twinwright.ontology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twinwright.ontology.NormalizationResult.Normalized;
import io.twinwright.twin.PropertyUpdate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileLoadingTest {
  private static final String PREFIXES =
      """
      @prefix tw:   <https://twinwright.io/ns#> .
      @prefix unit: <http://qudt.org/vocab/unit/> .
      """;

  @TempDir Path dir;

  /** A valid one-field profile whose field can be varied. */
  private static String profile(String id, String field) {
    return PREFIXES
        + """
        <https://example.com/profiles/%s>
            a tw:VendorProfile ;
            tw:profileId "%s" ;
            tw:vendor "Example" ;
            tw:model "X1" ;
            tw:payloadFormat tw:Json ;
            tw:field [ %s ] .
        """
            .formatted(id, id, field);
  }

  private Path write(String name, String turtle) throws IOException {
    return Files.writeString(dir.resolve(name), turtle);
  }

  private ProfileException refused(String name, String turtle) throws IOException {
    Path file = write(name, turtle);
    ProfileException e =
        (ProfileException)
            catchLoad(() -> Normalizer.load(OntologyConfig.defaults().withProfileDir(dir)));
    assertThat(e.file()).isEqualTo(file.toString());
    assertThat(e.getMessage()).startsWith(file.toString());
    return e;
  }

  private static Throwable catchLoad(Runnable load) {
    try {
      load.run();
    } catch (ProfileException e) {
      return e;
    }
    throw new AssertionError("expected a ProfileException");
  }

  @Test
  void loads_an_extra_vendor_from_the_profile_directory() throws IOException {
    write(
        "vibra.ttl",
        profile(
            "vibra-v1",
            "tw:pointer \"/vel_ips\" ; tw:property tw:vibrationVelocity ; tw:unit unit:IN-PER-SEC"));
    write("README.txt", "not a profile, ignored");

    Normalizer normalizer = Normalizer.load(OntologyConfig.defaults().withProfileDir(dir));

    assertThat(normalizer.profileIds()).contains("vibra-v1", "acme-th100", "nordlys-ens2");
    NormalizationResult result =
        normalizer.normalize(NormalizerTest.message("vibra-v1", "{\"vel_ips\": 0.5}"));
    assertThat(((Normalized) result).patch().updates())
        .containsExactly(new PropertyUpdate("vibration", "velocity", 12.7));
  }

  @Test
  void field_may_override_feature_and_path_and_apply_scale_and_offset() throws IOException {
    write(
        "boiler.ttl",
        profile(
            "boiler-b2",
            """
            tw:pointer "/p/out" ; tw:property tw:pressure ; tw:unit unit:BAR ;
            tw:scale 0.001 ; tw:offset 1 ;
            tw:featureId "outletPressure" ; tw:propertyPath "gauge/absolute"
            """));

    Normalizer normalizer = Normalizer.load(OntologyConfig.defaults().withProfileDir(dir));

    // 1500 mbar gauge + 1 bar ambient = 2.5 bar absolute = 250 kPa
    NormalizationResult result =
        normalizer.normalize(NormalizerTest.message("boiler-b2", "{\"p\": {\"out\": 1500}}"));
    assertThat(((Normalized) result).patch().updates())
        .containsExactly(new PropertyUpdate("outletPressure", "gauge/absolute", 250.0));
    assertThat(normalizer.canonicalUnit("outletPressure", "gauge/absolute"))
        .contains("http://qudt.org/vocab/unit/KiloPA");
  }

  @Test
  void profile_in_directory_replaces_bundled_profile_with_the_same_id() throws IOException {
    write(
        "acme-fixed.ttl",
        profile(
            "acme-th100",
            "tw:pointer \"/temp_c\" ; tw:property tw:temperature ; tw:unit unit:DEG_C"));

    Normalizer normalizer = Normalizer.load(OntologyConfig.defaults().withProfileDir(dir));

    NormalizationResult result =
        normalizer.normalize(NormalizerTest.message("acme-th100", "{\"temp_c\": 21.5}"));
    assertThat(((Normalized) result).patch().updates())
        .containsExactly(new PropertyUpdate("temperature", "value", 21.5));
  }

  @Test
  void rejects_unknown_unit() throws IOException {
    ProfileException e =
        refused(
            "bad-unit.ttl",
            profile(
                "bad-unit",
                "tw:pointer \"/t\" ; tw:property tw:temperature ; tw:unit unit:DEG_RANKINE"));
    assertThat(e.reason()).contains("unknown unit unit:DEG_RANKINE").contains("\"/t\"");
  }

  @Test
  void rejects_unit_of_another_quantity_kind() throws IOException {
    ProfileException e =
        refused(
            "bad-kind.ttl",
            profile(
                "bad-kind", "tw:pointer \"/t\" ; tw:property tw:temperature ; tw:unit unit:PSI"));
    assertThat(e.reason())
        .contains("profile 'bad-kind'")
        .contains("unit:PSI does not measure quantitykind:Temperature");
  }

  @Test
  void rejects_field_without_pointer() throws IOException {
    ProfileException e =
        refused(
            "no-pointer.ttl",
            profile("no-pointer", "tw:property tw:temperature ; tw:unit unit:DEG_C"));
    assertThat(e.reason()).contains("profile 'no-pointer'").contains("tw:pointer");
  }

  @Test
  void rejects_field_without_unit() throws IOException {
    ProfileException e =
        refused(
            "no-unit.ttl", profile("no-unit", "tw:pointer \"/t\" ; tw:property tw:temperature"));
    assertThat(e.reason()).contains("field \"/t\"").contains("tw:unit");
  }

  @Test
  void rejects_profile_without_fields_or_id() throws IOException {
    ProfileException e =
        refused(
            "empty.ttl",
            PREFIXES
                + """
                <https://example.com/p> a tw:VendorProfile ;
                    tw:vendor "Example" ; tw:model "X1" ; tw:payloadFormat tw:Json .
                """);
    assertThat(e.reason()).contains("at least one tw:field").contains("tw:profileId");
  }

  @Test
  void rejects_unknown_canonical_property() throws IOException {
    ProfileException e =
        refused(
            "bad-prop.ttl",
            profile("bad-prop", "tw:pointer \"/x\" ; tw:property tw:colour ; tw:unit unit:K"));
    assertThat(e.reason()).contains("tw:colour is not a canonical property");
  }

  @Test
  void rejects_two_fields_writing_the_same_twin_property() throws IOException {
    ProfileException e =
        refused(
            "twice.ttl",
            profile(
                "twice",
                """
                tw:pointer "/a" ; tw:property tw:temperature ; tw:unit unit:DEG_C ] , [
                tw:pointer "/b" ; tw:property tw:temperature ; tw:unit unit:DEG_F
                """));
    assertThat(e.reason()).contains("both write temperature/value");
  }

  @Test
  void rejects_malformed_turtle_with_its_line() throws IOException {
    ProfileException e =
        refused(
            "broken.ttl",
            PREFIXES
                + """
                <https://example.com/p> a tw:VendorProfile ;
                    tw:profileId "broken" ;
                    tw:vendor "Example" tw:model "X1" .
                """);
    assertThat(e.line()).isEqualTo(5);
    assertThat(e.getMessage()).startsWith(dir.resolve("broken.ttl") + ":5: ");
  }

  @Test
  void rejects_the_same_profile_id_in_two_files() throws IOException {
    String field = "tw:pointer \"/t\" ; tw:property tw:temperature ; tw:unit unit:DEG_C";
    write("a.ttl", profile("dup", field));
    ProfileException e = refused("b.ttl", profile("dup", field));
    assertThat(e.reason()).contains("'dup'").contains(dir.resolve("a.ttl").toString());
  }

  @Test
  void rejects_a_missing_profile_directory() {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(() -> Normalizer.load(OntologyConfig.defaults().withProfileDir(missing)))
        .isInstanceOf(ProfileException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void bundled_profile_index_lists_every_bundled_profile() throws IOException {
    Path profiles = Path.of("src/main/resources/io/twinwright/ontology/profiles");
    Set<String> files;
    try (Stream<Path> list = Files.list(profiles)) {
      files =
          list.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".ttl"))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    List<String> indexed =
        Files.readAllLines(profiles.resolve("index.txt")).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .sorted()
            .toList();
    assertThat(indexed).containsExactlyElementsOf(files);
  }
}
