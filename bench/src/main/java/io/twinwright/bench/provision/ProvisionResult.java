package io.twinwright.bench.provision;

import java.util.List;
import java.util.Objects;

/**
 * What provisioning achieved.
 *
 * @param created devices the API created (201)
 * @param existing devices that already existed (409), whose credentials were still (re)set
 * @param failed devices whose registration or credentials were refused
 * @param failures the first few failure messages, for the operator
 */
public record ProvisionResult(int created, int existing, int failed, List<String> failures) {
  public ProvisionResult {
    if (created < 0 || existing < 0 || failed < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
    failures = List.copyOf(Objects.requireNonNull(failures, "failures"));
  }

  public int total() {
    return created + existing + failed;
  }
}
