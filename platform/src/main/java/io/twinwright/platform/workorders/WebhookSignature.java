package io.twinwright.platform.workorders;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook body: {@code sha256=<hex of HMAC-SHA256(secret, body)>}, sent as
 * {@code X-Twinwright-Signature}. The body carries its own {@code sentAt} (also sent as {@code
 * X-Twinwright-Timestamp}), so a receiver that checks the signature and the age of {@code sentAt}
 * refuses replays of old deliveries.
 */
public final class WebhookSignature {
  /** The header carrying the signature. */
  public static final String HEADER = "X-Twinwright-Signature";

  /** The header carrying the instant the attempt was sent (ISO-8601, as the body's sentAt). */
  public static final String TIMESTAMP_HEADER = "X-Twinwright-Timestamp";

  /** The header carrying the delivery id, the same over every retry of one change. */
  public static final String DELIVERY_HEADER = "X-Twinwright-Delivery";

  private static final String PREFIX = "sha256=";
  private static final String ALGORITHM = "HmacSHA256";

  private WebhookSignature() {}

  /** The header value for this body. */
  public static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  /** Whether the header value is this body's signature; compared in constant time. */
  public static boolean verify(String secret, byte[] body, String header) {
    if (header == null) {
      return false;
    }
    return MessageDigest.isEqual(
        sign(secret, body).getBytes(StandardCharsets.US_ASCII),
        header.getBytes(StandardCharsets.US_ASCII));
  }
}
