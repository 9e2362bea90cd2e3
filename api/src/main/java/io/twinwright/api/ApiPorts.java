package io.twinwright.api;

import java.util.Objects;
import java.util.Optional;

/**
 * The optional platform ports behind the operator APIs. A route group whose port is absent is not
 * mounted, so its paths answer 404 as any unknown path does.
 *
 * <pre>{@code
 * ApiPorts ports = ApiPorts.none().withWorkOrders(orders).withAudit(audit).withSparql(sparql);
 * }</pre>
 *
 * @param workOrders behind {@code /api/2/workorders}
 * @param quarantine behind {@code /api/2/quarantine}
 * @param audit behind {@code /api/2/audit}
 * @param sparql behind {@code /api/2/sparql/{tenant}}
 * @param commands behind {@code /api/2/things/{thingId}/inbox/messages/{subject}}
 * @param campaigns behind {@code /api/2/campaigns} and {@code /api/2/firmware}
 */
public record ApiPorts(
    Optional<WorkOrderOperations> workOrders,
    Optional<QuarantineOperations> quarantine,
    Optional<AuditQueries> audit,
    Optional<SparqlQueries> sparql,
    Optional<CommandOperations> commands,
    Optional<CampaignOperations> campaigns) {

  public ApiPorts {
    Objects.requireNonNull(workOrders, "workOrders");
    Objects.requireNonNull(quarantine, "quarantine");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(sparql, "sparql");
    Objects.requireNonNull(commands, "commands");
    Objects.requireNonNull(campaigns, "campaigns");
  }

  /** No optional port bound. */
  public static ApiPorts none() {
    return new ApiPorts(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  public ApiPorts withWorkOrders(WorkOrderOperations port) {
    return new ApiPorts(Optional.of(port), quarantine, audit, sparql, commands, campaigns);
  }

  public ApiPorts withQuarantine(QuarantineOperations port) {
    return new ApiPorts(workOrders, Optional.of(port), audit, sparql, commands, campaigns);
  }

  public ApiPorts withAudit(AuditQueries port) {
    return new ApiPorts(workOrders, quarantine, Optional.of(port), sparql, commands, campaigns);
  }

  public ApiPorts withSparql(SparqlQueries port) {
    return new ApiPorts(workOrders, quarantine, audit, Optional.of(port), commands, campaigns);
  }

  public ApiPorts withCommands(CommandOperations port) {
    return new ApiPorts(workOrders, quarantine, audit, sparql, Optional.of(port), campaigns);
  }

  public ApiPorts withCampaigns(CampaignOperations port) {
    return new ApiPorts(workOrders, quarantine, audit, sparql, commands, Optional.of(port));
  }
}
