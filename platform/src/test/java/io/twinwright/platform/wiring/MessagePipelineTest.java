package io.twinwright.platform.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.adapters.DownstreamException;
import io.twinwright.ontology.Normalizer;
import io.twinwright.ontology.OntologyConfig;
import io.twinwright.twin.Channel;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.DeviceMessage;
import io.twinwright.twin.TwinConfig;
import io.twinwright.twin.TwinRepository;
import io.twinwright.twin.TwinService;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The acknowledgement a device gets depends on durability, not on the twin change alone. */
class MessagePipelineTest {
  private static final Normalizer NORMALIZER = Normalizer.load(OntologyConfig.defaults());

  /** A store whose writes block until the test lets them through. */
  private static final class GatedRepository implements TwinRepository {
    final CountDownLatch open = new CountDownLatch(1);

    @Override
    public void loadAll(Consumer<StoredTwin> consumer) {}

    @Override
    public void upsertAll(Collection<StoredTwin> twins) {
      try {
        open.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void delete(String thingId) {}
  }

  private final GatedRepository store = new GatedRepository();
  private final TwinService twins =
      new TwinService(TwinConfig.defaults(), store, Clock.systemUTC());

  @AfterEach
  void stop() {
    store.open.countDown();
    twins.close();
  }

  private static DeviceMessage message(int qos, String json) {
    return new DeviceMessage(
        DeviceId.of("plant", "d1"),
        qos == 1 ? Channel.EVENT : Channel.TELEMETRY,
        qos,
        "application/json",
        json.getBytes(StandardCharsets.UTF_8),
        Instant.now(),
        "acme-th100");
  }

  @Test
  void qos1_is_acknowledged_only_once_the_twin_change_is_durable() throws Exception {
    twins.start();
    MessagePipeline pipeline = new MessagePipeline(() -> NORMALIZER, twins);

    Future<Void> ack = pipeline.send(message(1, "{\"temp_f\": 71.6}"));

    // the twin is already updated in memory, but the store has not returned yet
    assertThat(twins.get("plant:d1")).isPresent();
    TimeUnit.MILLISECONDS.sleep(200);
    assertThat(ack.isComplete()).as("acknowledged before durable").isFalse();

    store.open.countDown();
    ack.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(ack.succeeded()).isTrue();
  }

  @Test
  void qos0_is_accepted_without_waiting_for_the_store() {
    twins.start();
    MessagePipeline pipeline = new MessagePipeline(() -> NORMALIZER, twins);
    assertThat(pipeline.send(message(0, "{\"temp_f\": 71.6}")).succeeded()).isTrue();
  }

  @Test
  void a_payload_the_profile_cannot_read_is_rejected_with_400() {
    twins.start();
    MessagePipeline pipeline = new MessagePipeline(() -> NORMALIZER, twins);
    Future<Void> result = pipeline.send(message(1, "{\"unrelated\": 1}"));
    assertThat(result.failed()).isTrue();
    assertThat(DownstreamException.statusOf(result.cause())).isEqualTo(400);
    assertThat(twins.get("plant:d1")).isEmpty();
    assertThat(pipeline.rejected()).isEqualTo(1);
  }
}
