package io.twinwright.api;

import java.util.HashMap;
import java.util.Map;
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
 * <p>Ports are kept by their interface type, so a new capability adds a pair of accessors here and
 * nothing else changes.
 *
 * @param bound the ports bound so far, by interface type
 */
public record ApiPorts(Map<Class<?>, Object> bound) {

  public ApiPorts {
    bound = Map.copyOf(Objects.requireNonNull(bound, "bound"));
    bound.forEach(
        (type, port) -> {
          if (!type.isInstance(port)) {
            throw new IllegalArgumentException(port + " is not a " + type.getName());
          }
        });
  }

  /** No optional port bound. */
  public static ApiPorts none() {
    return new ApiPorts(Map.of());
  }

  private <T> ApiPorts with(Class<T> type, T port) {
    Map<Class<?>, Object> next = new HashMap<>(bound);
    next.put(type, Objects.requireNonNull(port, type.getSimpleName()));
    return new ApiPorts(next);
  }

  private <T> Optional<T> get(Class<T> type) {
    return Optional.ofNullable(bound.get(type)).map(type::cast);
  }

  /** Behind {@code /api/2/workorders}. */
  public Optional<WorkOrderOperations> workOrders() {
    return get(WorkOrderOperations.class);
  }

  public ApiPorts withWorkOrders(WorkOrderOperations port) {
    return with(WorkOrderOperations.class, port);
  }

  /** Behind {@code /api/2/quarantine}. */
  public Optional<QuarantineOperations> quarantine() {
    return get(QuarantineOperations.class);
  }

  public ApiPorts withQuarantine(QuarantineOperations port) {
    return with(QuarantineOperations.class, port);
  }

  /** Behind {@code /api/2/audit}. */
  public Optional<AuditQueries> audit() {
    return get(AuditQueries.class);
  }

  public ApiPorts withAudit(AuditQueries port) {
    return with(AuditQueries.class, port);
  }

  /** Behind {@code /api/2/sparql/{tenant}}. */
  public Optional<SparqlQueries> sparql() {
    return get(SparqlQueries.class);
  }

  public ApiPorts withSparql(SparqlQueries port) {
    return with(SparqlQueries.class, port);
  }

  /** Behind {@code /api/2/things/{thingId}/inbox/messages/{subject}}. */
  public Optional<CommandOperations> commands() {
    return get(CommandOperations.class);
  }

  public ApiPorts withCommands(CommandOperations port) {
    return with(CommandOperations.class, port);
  }

  /** Behind {@code /api/2/things/{thingId}/history}. */
  public Optional<HistoryQueries> history() {
    return get(HistoryQueries.class);
  }

  public ApiPorts withHistory(HistoryQueries port) {
    return with(HistoryQueries.class, port);
  }

  /** Where {@code /api/2/policies} keeps policies; in memory when absent. */
  public Optional<PolicyStore> policies() {
    return get(PolicyStore.class);
  }

  public ApiPorts withPolicies(PolicyStore port) {
    return with(PolicyStore.class, port);
  }

  /** Behind {@code /api/2/firmware} and {@code /api/2/campaigns}. */
  public Optional<CampaignOperations> campaigns() {
    return get(CampaignOperations.class);
  }

  public ApiPorts withCampaigns(CampaignOperations port) {
    return with(CampaignOperations.class, port);
  }
}
