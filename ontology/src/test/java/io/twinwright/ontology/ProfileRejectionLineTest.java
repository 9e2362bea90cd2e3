package io.twinwright.ontology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invalid profiles are refused with the file and the line of the offending statement. */
class ProfileRejectionLineTest {
  private static final String HEADER =
      """
      @prefix tw:   <https://twinwright.io/ns#> .
      @prefix unit: <http://qudt.org/vocab/unit/> .

      <https://example.com/p>
          a tw:VendorProfile ;
          tw:profileId "p1" ;
          tw:vendor "Example" ;
          tw:model "X1" ;
      """; // 8 lines, the next is line 9

  @TempDir Path dir;

  private ProfileException refused(String body) throws IOException {
    Path file = Files.writeString(dir.resolve("p.ttl"), HEADER + body);
    ProfileException e =
        catchThrowableOfType(
            ProfileException.class,
            () -> Normalizer.load(OntologyConfig.defaults().withProfileDir(dir)));
    assertThat(e).isNotNull();
    assertThat(e.file()).isEqualTo(file.toString());
    assertThat(e.getMessage()).startsWith(file + ":" + e.line() + ": ");
    return e;
  }

  @Test
  void unknown_unit_is_reported_at_its_line() throws IOException {
    ProfileException e =
        refused(
            """
                tw:payloadFormat tw:Json ;
                tw:field
                    [ tw:pointer "/h" ; tw:property tw:relativeHumidity ; tw:unit unit:PERCENT ] ,
                    [ tw:pointer "/t" ; tw:property tw:temperature ;
                      tw:unit unit:DEG_RANKINE ] .
            """);
    assertThat(e.line()).isEqualTo(13);
    assertThat(e.reason()).contains("field \"/t\"").contains("unknown unit unit:DEG_RANKINE");
  }

  @Test
  void unit_of_another_dimension_is_reported_at_its_line() throws IOException {
    ProfileException e =
        refused(
            """
                tw:payloadFormat tw:Json ;
                tw:field [ tw:pointer "/p" ; tw:property tw:pressure ;
                           tw:unit unit:DEG_C ] .
            """);
    assertThat(e.line()).isEqualTo(11);
    assertThat(e.reason())
        .contains("unit:DEG_C does not measure quantitykind:Pressure")
        .contains("dimension qkdv:A0E0L0I0M0H1T0D0 differs from qkdv:A0E0L-1I0M1H0T-2D0");
  }

  @Test
  void field_missing_its_unit_is_reported_where_the_field_starts() throws IOException {
    ProfileException e =
        refused(
            """
                tw:payloadFormat tw:Json ;
                tw:field [ tw:pointer "/h" ; tw:property tw:relativeHumidity ; tw:unit unit:PERCENT ] ,
                  [
                    tw:pointer "/t" ; tw:property tw:temperature ] .
            """);
    assertThat(e.line()).isBetween(11L, 12L);
    assertThat(e.reason()).contains("field \"/t\"").contains("tw:unit");
  }

  @Test
  void overlapping_binary_fields_are_reported_at_the_second_field() throws IOException {
    ProfileException e =
        refused(
            """
                tw:payloadFormat tw:Binary ;
                tw:payloadLength 4 ;
                tw:field
                    [ tw:byteOffset 0 ; tw:type tw:Int16 ; tw:property tw:temperature ; tw:unit unit:DEG_C ] ,
                    [ tw:byteOffset 1 ; tw:type tw:UInt8 ; tw:property tw:batteryLevel ; tw:unit unit:PERCENT ] .
            """);
    assertThat(e.line()).isEqualTo(13);
    assertThat(e.reason()).contains("byte 1 (uint8) overlaps field bytes 0-1 (int16 BE)");
  }

  @Test
  void binary_field_outside_the_payload_is_reported_at_its_offset() throws IOException {
    ProfileException e =
        refused(
            """
                tw:payloadFormat tw:Binary ;
                tw:payloadLength 3 ;
                tw:field
                    [ tw:byteOffset 0 ; tw:type tw:UInt8 ; tw:property tw:batteryLevel ; tw:unit unit:PERCENT ] ,
                    [ tw:property tw:temperature ; tw:unit unit:DEG_C ;
                      tw:byteOffset 2 ; tw:type tw:Float32 ; tw:byteOrder tw:LittleEndian ] .
            """);
    assertThat(e.line()).isEqualTo(14);
    assertThat(e.reason()).contains("bytes 2-5 (float32 LE) lies outside the 3-byte payload");
  }

  @Test
  void binary_profile_without_payload_length_is_refused() throws IOException {
    ProfileException e =
        refused(
            """
                tw:payloadFormat tw:Binary ;
                tw:field [ tw:byteOffset 0 ; tw:type tw:UInt8 ; tw:property tw:batteryLevel ; tw:unit unit:PERCENT ] .
            """);
    assertThat(e.line()).isEqualTo(5); // the profile's first statement
    assertThat(e.reason()).contains("needs tw:payloadLength");
  }

  @Test
  void json_pointer_in_a_binary_profile_is_refused() throws IOException {
    ProfileException e =
        refused(
            """
                tw:payloadFormat tw:Binary ;
                tw:payloadLength 2 ;
                tw:field [ tw:pointer "/t" ; tw:property tw:temperature ; tw:unit unit:DEG_C ] .
            """);
    assertThat(e.line()).isEqualTo(11);
    assertThat(e.reason()).contains("tw:Binary profile is addressed by tw:byteOffset");
  }

  @Test
  void unknown_binary_type_is_a_shape_violation_at_its_line() throws IOException {
    ProfileException e =
        refused(
            """
                tw:payloadFormat tw:Binary ;
                tw:payloadLength 2 ;
                tw:field [ tw:byteOffset 0 ;
                           tw:type tw:Int12 ;
                           tw:property tw:temperature ; tw:unit unit:DEG_C ] .
            """);
    assertThat(e.line()).isEqualTo(12);
    assertThat(e.reason()).contains("tw:type is one of");
  }

  @Test
  void every_problem_of_every_file_is_listed() throws IOException {
    Files.writeString(
        dir.resolve("a.ttl"),
        HEADER
            + """
                tw:payloadFormat tw:Json ;
                tw:field [ tw:pointer "/t" ; tw:property tw:temperature ; tw:unit unit:PSI ] ,
                         [ tw:pointer "/x" ; tw:property tw:colour ; tw:unit unit:K ] .
            """);
    Files.writeString(
        dir.resolve("b.ttl"), "@prefix tw: <https://twinwright.io/ns#> .\n tw:x tw:y");
    ProfileException e =
        catchThrowableOfType(
            ProfileException.class,
            () -> Normalizer.load(OntologyConfig.defaults().withProfileDir(dir)));
    assertThat(e.problems()).hasSize(3);
    assertThat(e.problems()).extracting(ContentProblem::line).containsExactly(10L, 11L, 2L);
    assertThat(e.problems().get(2).file()).endsWith("b.ttl");
  }
}
