package io.twinwright.ontology.profile;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.Objects;
import java.util.OptionalDouble;

/** Where a field's raw value is in the payload: a JSON pointer, or a fixed-offset binary field. */
public sealed interface FieldSource {

  /** How messages name the field: {@code "/env/hum"} or {@code byte 2 (uint8)}. */
  String label();

  /** A value inside a JSON payload (nested objects and array elements). */
  record Json(JsonPointer pointer) implements FieldSource {
    public Json {
      Objects.requireNonNull(pointer, "pointer");
    }

    @Override
    public String label() {
      return "\"" + pointer + "\"";
    }
  }

  /**
   * A typed field at a fixed byte offset of a binary payload.
   *
   * @param offset position of the first byte, from 0
   * @param type the encoding
   * @param bigEndian byte order of multi-byte types
   * @param noValue the raw number that means "no reading", if the device has one
   */
  record Binary(int offset, BinaryType type, boolean bigEndian, OptionalDouble noValue)
      implements FieldSource {
    public Binary {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(noValue, "noValue");
      if (offset < 0) {
        throw new IllegalArgumentException("negative byte offset: " + offset);
      }
    }

    /** The offset one past the field's last byte. */
    public int end() {
      return offset + type.size();
    }

    @Override
    public String label() {
      String order = type.size() == 1 ? "" : bigEndian ? " BE" : " LE";
      return type.size() == 1
          ? "byte " + offset + " (" + type.label() + ")"
          : "bytes " + offset + "-" + (end() - 1) + " (" + type.label() + order + ")";
    }
  }
}
