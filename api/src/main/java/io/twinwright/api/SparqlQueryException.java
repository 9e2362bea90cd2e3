package io.twinwright.api;

import java.util.Objects;

/** Why the twin graph did not answer a SPARQL query; the API maps each reason to a status. */
public final class SparqlQueryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The outcomes a client is told about. */
  public enum Reason {
    /** The query does not parse (400). */
    SYNTAX,
    /** An update, or a query form the endpoint does not answer, such as CONSTRUCT (400). */
    UNSUPPORTED,
    /** The query ran past its time limit (503). */
    TIMEOUT,
    /** No graph for this tenant (404). */
    UNKNOWN_TENANT
  }

  private final Reason reason;

  public SparqlQueryException(Reason reason, String message) {
    super(Objects.requireNonNull(message, "message"));
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public SparqlQueryException(Reason reason, String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
