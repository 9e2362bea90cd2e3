package io.twinwright.api;

import java.util.List;

/**
 * Read access to the audit log of rule and operator actions, bound by the platform. Called on the
 * API's worker pool, so an implementation may read a store synchronously.
 */
public interface AuditQueries {

  /** Entries meeting the filter, newest first, at most {@link AuditFilter#limit()} of them. */
  List<AuditView> audit(AuditFilter filter);
}
