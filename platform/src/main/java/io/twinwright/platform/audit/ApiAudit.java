package io.twinwright.platform.audit;

import io.twinwright.api.AuditFilter;
import io.twinwright.api.AuditQueries;
import io.twinwright.api.AuditView;
import java.util.List;

/** The operator API's view of the audit log. */
public final class ApiAudit implements AuditQueries {
  private final AuditLog log;

  public ApiAudit(AuditLog log) {
    this.log = log;
  }

  @Override
  public List<AuditView> audit(AuditFilter f) {
    return log
        .query(new AuditQuery(f.thingId(), f.rule(), f.action(), f.from(), f.to(), f.limit()))
        .stream()
        .map(
            r ->
                new AuditView(r.at(), r.rule(), r.action(), r.thingId(), r.findings(), r.outcome()))
        .toList();
  }
}
