package io.twinwright.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiConfigTest {

  @Test
  void defaults_listen_on_8080_with_a_256_kib_body_limit() {
    ApiConfig defaults = ApiConfig.defaults();
    assertThat(defaults.port()).isEqualTo(8080);
    assertThat(defaults.maxBodyBytes()).isEqualTo(256 * 1024);
    assertThat(defaults.withPort(0).port()).isZero();
  }

  @Test
  void rejects_out_of_range_values() {
    assertThatThrownBy(() -> ApiConfig.defaults().withPort(70_000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiConfig.defaults().withHost(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new ApiConfig("localhost", 0, 1024, 1, 300, 200, 10, ApiSecurity.open()))
        .hasMessageContaining("defaultPageSize");
  }

  @Test
  void an_api_exception_carries_only_error_statuses() {
    assertThatThrownBy(() -> new ApiException(200, "x", "m", "d"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ApiException.alreadyExists("dup").status()).isEqualTo(409);
  }
}
