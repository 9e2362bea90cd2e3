package io.twinwright.rules;

/**
 * Where the engine records the actions rules take; the platform stores and serves them. Called on
 * the partition threads, like {@link RuleActions}: thread-safe and quick.
 */
@FunctionalInterface
public interface AuditSink {

  void record(AuditEntry entry);

  /** Discards entries: for tests and tools that do not keep an audit log. */
  static AuditSink none() {
    return entry -> {};
  }
}
