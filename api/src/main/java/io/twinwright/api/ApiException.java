package io.twinwright.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;

/**
 * The one error type that reaches an API client: an HTTP status, a Ditto-style error code, a
 * message and a description. Routes and port implementations fail with it; a single failure handler
 * turns it into Ditto's error shape on {@code /api/2} and Hono's on {@code /v1}.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String errorCode;
  private final String description;
  private final Map<String, List<String>> validationDetails;

  public ApiException(int status, String errorCode, String message, String description) {
    this(status, errorCode, message, description, Map.of());
  }

  /**
   * @param validationDetails offending JSON pointers and the rules each breaks, sent as Ditto's
   *     {@code validationDetails}; empty for other errors
   */
  public ApiException(
      int status,
      String errorCode,
      String message,
      String description,
      Map<String, List<String>> validationDetails) {
    super(Objects.requireNonNull(message, "message"));
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("not an error status: " + status);
    }
    this.status = status;
    this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    this.description = Objects.requireNonNull(description, "description");
    Map<String, List<String>> details = new LinkedHashMap<>();
    validationDetails.forEach((k, v) -> details.put(k, List.copyOf(v)));
    this.validationDetails = Collections.unmodifiableMap(details);
  }

  /** 400: the request is malformed or a value in it is invalid. */
  public static ApiException invalid(String message) {
    return new ApiException(
        400, "api:request.invalid", message, "Check the request and send it again.");
  }

  /** 404: the addressed resource (device, credentials, route) does not exist. */
  public static ApiException notFound(String message) {
    return new ApiException(
        404, "api:resource.notfound", message, "Check the identifiers in the request path.");
  }

  /** 409: the resource to create exists already. */
  public static ApiException alreadyExists(String message) {
    return new ApiException(
        409, "api:resource.conflict", message, "Use another identifier or update the resource.");
  }

  /** Keeps Ditto's own status, code and texts, so clients see exactly what Ditto would send. */
  public static ApiException fromDitto(DittoRuntimeException e) {
    int status = e.getHttpStatus().getCode();
    return new ApiException(
        status >= 400 && status <= 599 ? status : 500,
        e.getErrorCode(),
        Objects.requireNonNullElse(e.getMessage(), e.getErrorCode()),
        e.getDescription().orElse(""));
  }

  public int status() {
    return status;
  }

  public String errorCode() {
    return errorCode;
  }

  public String description() {
    return description;
  }

  public Map<String, List<String>> validationDetails() {
    return validationDetails;
  }
}
