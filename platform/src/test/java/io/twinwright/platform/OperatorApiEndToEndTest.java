package io.twinwright.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinwright.rules.AlertRequest;
import io.twinwright.rules.Severity;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator APIs over the real platform: alert life cycle, work orders, audit, attributes. */
class OperatorApiEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dataDir;
  private Platform platform;

  @BeforeEach
  void start() {
    platform = Platform.start(Fixtures.config(dataDir, Map.of()));
  }

  @AfterEach
  void stop() {
    platform.close();
  }

  @Test
  void an_operator_acknowledges_then_clears_a_raised_alert() throws Exception {
    String id =
        platform
            .alerts()
            .raise(
                new AlertRequest(
                    "plant:s1", "overheating", Severity.CRITICAL, "hot", Map.of("t", "47")))
            .id();

    var ack = Fixtures.http(platform, "POST", "/api/2/alerts/" + id + "/acknowledge", null);
    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
    assertThat(JSON.readTree(ack.body()).get("state").asText()).isEqualTo("acknowledged");
    var clear = Fixtures.http(platform, "POST", "/api/2/alerts/" + id + "/clear", null);
    assertThat(JSON.readTree(clear.body()).get("state").asText()).isEqualTo("cleared");
    var again = Fixtures.http(platform, "POST", "/api/2/alerts/" + id + "/acknowledge", null);
    assertThat(again.statusCode()).isEqualTo(409);
    var list =
        Fixtures.http(platform, "GET", "/api/2/alerts?code=overheating&severity=critical", null);
    JsonNode alerts = JSON.readTree(list.body());
    assertThat(alerts).hasSize(1);
  }

  @Test
  void work_orders_audit_and_attributes_answer() throws Exception {
    Fixtures.provision(platform, "plant", "s1", "acme-th100", "pw");

    assertThat(Fixtures.http(platform, "GET", "/api/2/workorders", null).body()).isEqualTo("[]");
    assertThat(Fixtures.http(platform, "GET", "/api/2/audit", null).statusCode()).isEqualTo(200);
    var put =
        Fixtures.http(
            platform, "PUT", "/api/2/things/plant:s1/attributes/relations/partOf", "\"plant:c1\"");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
    var thing = Fixtures.http(platform, "GET", "/api/2/things/plant:s1", null);
    assertThat(JSON.readTree(thing.body()).at("/attributes/relations/partOf").asText())
        .isEqualTo("plant:c1");
  }
}
