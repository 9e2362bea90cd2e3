package io.twinwright.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twinwright.api.ApiSecurity;
import io.twinwright.platform.config.ConfigException;
import io.twinwright.platform.config.ConfigKey;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The platform's API security from configuration, and policies surviving a restart. */
class ApiSecurityEndToEndTest {
  @TempDir Path dataDir;

  @Test
  void the_api_refuses_to_start_open_by_accident() {
    assertThatThrownBy(
            () -> Platform.start(Fixtures.config(dataDir, Map.of(ConfigKey.API_USERS, ""))).close())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("api-users");
  }

  @Test
  void tenant_users_from_the_users_file_and_their_policies_survive_a_restart() throws Exception {
    Path users = dataDir.resolve("users.txt");
    Files.write(
        users,
        List.of(
            "# operators and tenant users",
            ApiSecurity.hashLine(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD, "*", true),
            ApiSecurity.hashLine("ann", "ann-pw", "plant", false)));
    Map<ConfigKey, String> config = Map.of(ConfigKey.API_USERS, users.toString());
    String policy =
        "{\"entries\":{\"own\":{\"subjects\":{\"nginx:ann\":{\"type\":\"user\"}},"
            + "\"resources\":{\"policy:/\":{\"grant\":[\"READ\",\"WRITE\"],\"revoke\":[]},"
            + "\"thing:/\":{\"grant\":[\"READ\",\"WRITE\"],\"revoke\":[]}}}}}";
    Platform first = Platform.start(Fixtures.config(dataDir, config));
    try {
      assertThat(call(first, "GET", "/api/2/things/plant:x", null, null).statusCode())
          .isEqualTo(401);
      assertThat(call(first, "GET", "/health", null, null).statusCode()).isEqualTo(200);
      assertThat(call(first, "PUT", "/api/2/policies/plant:p", "ann:ann-pw", policy).statusCode())
          .isEqualTo(201);
      assertThat(
              call(
                      first,
                      "PUT",
                      "/api/2/things/plant:x",
                      "ann:ann-pw",
                      "{\"policyId\":\"plant:p\",\"attributes\":{\"a\":1}}")
                  .statusCode())
          .isEqualTo(201);
      // a tenant user is no operator
      assertThat(call(first, "GET", "/v1/tenants/plant", "ann:ann-pw", null).statusCode())
          .isEqualTo(403);
    } finally {
      first.close();
    }
    Platform second = Platform.start(Fixtures.config(dataDir, config));
    try {
      HttpResponse<String> kept =
          call(second, "GET", "/api/2/policies/plant:p", "ann:ann-pw", null);
      assertThat(kept.statusCode()).isEqualTo(200);
      assertThat(kept.body()).contains("nginx:ann");
      assertThat(call(second, "GET", "/api/2/things/plant:x", "ann:ann-pw", null).statusCode())
          .isEqualTo(200);
    } finally {
      second.close();
    }
  }

  private static HttpResponse<String> call(
      Platform p, String method, String path, String credentials, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.ports().api() + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (credentials != null) {
      b.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    return Fixtures.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
