package io.twinwright.api;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.ditto.policies.model.Policy;
import org.eclipse.ditto.policies.model.PolicyId;

/**
 * Where the API keeps Ditto policies. Reads answer from memory (they happen on every request, on
 * the event loop); writes complete once durable.
 */
public interface PolicyStore {

  /** The stored policy; never blocks. */
  Optional<Policy> get(PolicyId id);

  /** Stores (creates or replaces) a policy; completes once durable. */
  CompletableFuture<Void> put(Policy policy);

  /** Removes a policy; completes with whether it existed, once durable. */
  CompletableFuture<Boolean> delete(PolicyId id);

  /** A store that forgets everything on restart: tests, and the API without a platform. */
  static PolicyStore inMemory() {
    ConcurrentHashMap<PolicyId, Policy> policies = new ConcurrentHashMap<>();
    return new PolicyStore() {
      @Override
      public Optional<Policy> get(PolicyId id) {
        return Optional.ofNullable(policies.get(id));
      }

      @Override
      public CompletableFuture<Void> put(Policy policy) {
        policies.put(policy.getEntityId().orElseThrow(), policy);
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletableFuture<Boolean> delete(PolicyId id) {
        return CompletableFuture.completedFuture(policies.remove(id) != null);
      }
    };
  }
}
