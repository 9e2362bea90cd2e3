package io.twinwright.ontology.profile;

import io.twinwright.ontology.vocab.Tw;
import java.util.Optional;

/** How a binary field's bytes encode its number ({@code tw:type}). */
public enum BinaryType {
  INT8("Int8", 1, true),
  UINT8("UInt8", 1, true),
  INT16("Int16", 2, true),
  UINT16("UInt16", 2, true),
  INT32("Int32", 4, true),
  UINT32("UInt32", 4, true),
  INT64("Int64", 8, true),
  FLOAT32("Float32", 4, false),
  FLOAT64("Float64", 8, false);

  private final String localName;
  private final int size;
  private final boolean integral;

  BinaryType(String localName, int size, boolean integral) {
    this.localName = localName;
    this.size = size;
    this.integral = integral;
  }

  /** Bytes the field occupies. */
  public int size() {
    return size;
  }

  public boolean integral() {
    return integral;
  }

  /** {@code int16}, as messages name it. */
  public String label() {
    return localName.toLowerCase(java.util.Locale.ROOT);
  }

  public static Optional<BinaryType> fromIri(String iri) {
    for (BinaryType t : values()) {
      if ((Tw.NS + t.localName).equals(iri)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * The field's number; the caller has checked that {@code offset + size() <= payload.length}.
   * Integers up to 2^53 are exact as doubles, which covers every type but the far end of int64.
   */
  public double read(byte[] payload, int offset, boolean bigEndian) {
    long bits = 0;
    for (int i = 0; i < size; i++) {
      int b = payload[offset + (bigEndian ? i : size - 1 - i)] & 0xff;
      bits = (bits << 8) | b;
    }
    return switch (this) {
      case INT8 -> (byte) bits;
      case UINT8, UINT16, UINT32 -> bits;
      case INT16 -> (short) bits;
      case INT32 -> (int) bits;
      case INT64 -> bits;
      case FLOAT32 -> Float.intBitsToFloat((int) bits);
      case FLOAT64 -> Double.longBitsToDouble(bits);
    };
  }
}
