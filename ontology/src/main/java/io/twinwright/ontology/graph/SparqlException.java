package io.twinwright.ontology.graph;

import java.util.Objects;

/**
 * A SPARQL request the twin graph refuses. The {@link Kind} tells an HTTP layer which status to
 * answer: the request was malformed or not allowed (400), or took too long (a timeout).
 */
public final class SparqlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a query was refused. */
  public enum Kind {
    /** The text is not valid SPARQL; {@link #line()} and {@link #column()} say where. */
    SYNTAX,
    /** Valid SPARQL, but not a read-only SELECT or ASK (UPDATE, CONSTRUCT, DESCRIBE, SERVICE). */
    FORBIDDEN,
    /** The query ran longer than its timeout and was cancelled. */
    TIMEOUT
  }

  private final Kind kind;
  private final int line;
  private final int column;

  public SparqlException(Kind kind, String message, int line, int column) {
    super(Objects.requireNonNull(message, "message"));
    this.kind = Objects.requireNonNull(kind, "kind");
    this.line = line;
    this.column = column;
  }

  public SparqlException(Kind kind, String message) {
    this(kind, message, -1, -1);
  }

  public Kind kind() {
    return kind;
  }

  /** 1-based line of a syntax error, else -1. */
  public int line() {
    return line;
  }

  /** 1-based column of a syntax error, else -1. */
  public int column() {
    return column;
  }
}
