package io.twinwright.platform.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.twinwright.adapters.command.Command;
import io.twinwright.adapters.command.CommandService;
import io.twinwright.rules.CommandRequest;
import io.twinwright.twin.DeviceId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PlatformActionsCommandTest {
  private Vertx vertx;
  private MongoServer server;
  private MongoClient client;
  private CommandService commands;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server = new MongoServer(new H2Backend(new MVStore.Builder().open()));
    client = MongoClients.create(server.bindAndGetConnectionString());
    commands =
        new CommandService(
            vertx, client.getDatabase("t"), () -> {}, Clock.systemUTC(), Duration.ofHours(1));
    commands.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    commands.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    client.close();
    server.shutdownNow();
  }

  @Test
  void a_rules_command_is_queued_in_the_outbox_as_json() throws Exception {
    PlatformActions actions =
        new PlatformActions(null, null, d -> 0, null, w -> {}, commands, Clock.systemUTC());

    actions.sendCommand(
        new CommandRequest("acme:valve-1", "throttle", "{\"level\":1}", Map.of("why", "test")));

    BlockingQueue<Command> delivered = new LinkedBlockingQueue<>();
    commands.subscribe(
        DeviceId.of("acme", "valve-1"),
        c -> {
          delivered.add(c);
          return Future.succeededFuture();
        },
        false);
    Command command = delivered.poll(10, TimeUnit.SECONDS);
    assertThat(command).isNotNull();
    assertThat(command.name()).isEqualTo("throttle");
    assertThat(command.oneWay()).isTrue();
    assertThat(command.contentType()).isEqualTo("application/json");
    assertThat(new String(command.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"level\":1}");
  }
}
