package io.twinwright.api.dittoclient;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.ditto.client.DittoClient;
import org.eclipse.ditto.client.DittoClients;
import org.eclipse.ditto.client.configuration.BasicAuthenticationConfiguration;
import org.eclipse.ditto.client.configuration.WebSocketMessagingConfiguration;
import org.eclipse.ditto.client.messaging.AuthenticationProviders;
import org.eclipse.ditto.client.messaging.MessagingProviders;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;

/**
 * Drives the Eclipse Ditto Java client (2.4) against a WebSocket endpoint. It runs in a class
 * loader of its own, with the client and the Ditto model it was released with, so only JDK types
 * cross: the argument is {@code endpoint|thingId}, the result one line per observation.
 */
public final class DittoClientProbe implements Function<String, String> {
  private static final long WAIT_SECONDS = 20;

  @Override
  public String apply(String argument) {
    String[] args = argument.split("\\|");
    ThingId id = ThingId.of(args[1]);
    DittoClient client = connect(args[0]);
    try {
      CompletableFuture<String> change = new CompletableFuture<>();
      client
          .twin()
          .registerForThingChanges(
              "probe",
              c -> {
                if (c.getEntityId().toString().equals(id.toString())
                    && c.getPath().toString().contains("temperature")) {
                  change.complete(
                      "change "
                          + c.getAction()
                          + " "
                          + c.getPath()
                          + " "
                          + c.getValue().map(JsonValue::toString).orElse("-")
                          + " revision "
                          + c.getRevision());
                }
              });
      wait(client.twin().startConsumption().toCompletableFuture());
      Thing created = wait(client.twin().create(id).toCompletableFuture());
      wait(client.twin().forId(id).putAttribute("temperature", 21).toCompletableFuture());
      String observed = wait(change);
      Thing read = wait(client.twin().forId(id).retrieve().toCompletableFuture());
      return "created "
          + created.getEntityId().map(Object::toString).orElse("-")
          + "\n"
          + observed
          + "\nretrieved "
          + read.getAttributes().map(Object::toString).orElse("-");
    } finally {
      client.destroy();
    }
  }

  private static DittoClient connect(String endpoint) {
    return wait(
        DittoClients.newInstance(
                MessagingProviders.webSocket(
                    WebSocketMessagingConfiguration.newBuilder()
                        .endpoint(endpoint)
                        .reconnectEnabled(false)
                        .build(),
                    AuthenticationProviders.basic(
                        BasicAuthenticationConfiguration.newBuilder()
                            .username("ditto")
                            .password("ditto")
                            .build())))
            .connect()
            .toCompletableFuture());
  }

  private static <T> T wait(CompletableFuture<T> future) {
    try {
      return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Ditto client step failed: " + e, e);
    }
  }
}
