package io.twinwright.adapters.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.twin.TenantId;
import org.junit.jupiter.api.Test;

class DeviceLoginTest {

  @Test
  void splits_at_the_last_at_sign() {
    assertThat(DeviceLogin.parse("pump@site-7@acme"))
        .contains(new DeviceLogin(TenantId.of("acme"), "pump@site-7"));
  }

  @Test
  void rejects_user_names_without_a_valid_tenant() {
    assertThat(DeviceLogin.parse("sensor")).isEmpty();
    assertThat(DeviceLogin.parse("@acme")).isEmpty();
    assertThat(DeviceLogin.parse("sensor@")).isEmpty();
    assertThat(DeviceLogin.parse("sensor@not a tenant")).isEmpty();
    assertThat(DeviceLogin.parse(null)).isEmpty();
  }
}
