package io.twinwright.bench.provision;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Registers devices and their credentials: {@code POST /v1/devices/{tenant}/{id}} (201, or 409 when
 * it already exists) then {@code PUT /v1/credentials/{tenant}/{id}} (204). A fixed number of
 * workers each take the next device when their previous one is done, which bounds the requests in
 * flight.
 */
public final class Provisioner {
  /** Failure messages kept for the report; the count covers the rest. */
  private static final int KEPT_FAILURES = 5;

  private final WebClient client;
  private final URI apiUrl;
  private final String tenant;
  private final Function<String, JsonArray> credentials;
  private final JsonObject deviceBody;

  /**
   * @param client the HTTP client, owned by the caller
   * @param apiUrl base URL of the platform's API
   * @param tenant tenant of all devices
   * @param password password set for every device (auth-id = device id)
   * @param profile vendor profile the platform normalizes the devices' payloads with
   * @param model Thing Model the devices' twins follow
   */
  public Provisioner(
      WebClient client, URI apiUrl, String tenant, String password, String profile, String model) {
    this(client, apiUrl, tenant, passwordCredentials(password), profile, model);
  }

  /**
   * @param credentials the credentials body ({@code PUT /v1/credentials}) of a device id
   */
  public Provisioner(
      WebClient client,
      URI apiUrl,
      String tenant,
      Function<String, JsonArray> credentials,
      String profile,
      String model) {
    this.client = Objects.requireNonNull(client, "client");
    this.apiUrl = Objects.requireNonNull(apiUrl, "apiUrl");
    this.tenant = Objects.requireNonNull(tenant, "tenant");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.deviceBody =
        new JsonObject()
            .put("enabled", true)
            .put(
                "ext",
                new JsonObject()
                    .put("profile", Objects.requireNonNull(profile, "profile"))
                    .put("model", Objects.requireNonNull(model, "model")));
  }

  /** Provisions all devices; the future always succeeds, failures are counted in the result. */
  public Future<ProvisionResult> provision(List<String> deviceIds, int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be positive: " + concurrency);
    }
    List<String> ids = List.copyOf(deviceIds);
    Tally tally = new Tally();
    AtomicInteger next = new AtomicInteger();
    List<Future<Void>> workers = new ArrayList<>();
    for (int i = 0; i < Math.min(concurrency, ids.size()); i++) {
      Promise<Void> done = Promise.promise();
      work(ids, next, tally, done);
      workers.add(done.future());
    }
    return Future.join(workers).transform(ignored -> Future.succeededFuture(tally.result()));
  }

  private void work(List<String> ids, AtomicInteger next, Tally tally, Promise<Void> done) {
    int index = next.getAndIncrement();
    if (index >= ids.size()) {
      done.complete();
      return;
    }
    provisionOne(ids.get(index), tally).onComplete(ignored -> work(ids, next, tally, done));
  }

  private Future<Void> provisionOne(String deviceId, Tally tally) {
    return client
        .postAbs(url("/v1/devices/" + tenant + "/" + deviceId))
        .sendJsonObject(deviceBody)
        .compose(
            response -> {
              int status = response.statusCode();
              if (status != 201 && status != 409) {
                return Future.failedFuture(refusal("registering", deviceId, response));
              }
              boolean existed = status == 409;
              return client
                  .putAbs(url("/v1/credentials/" + tenant + "/" + deviceId))
                  .sendJson(credentials.apply(deviceId))
                  .compose(
                      credentialsResponse -> {
                        int code = credentialsResponse.statusCode();
                        if (code / 100 != 2) {
                          return Future.failedFuture(
                              refusal("setting credentials of", deviceId, credentialsResponse));
                        }
                        return Future.succeededFuture(existed);
                      });
            })
        .onSuccess(existed -> tally.succeeded(existed))
        .onFailure(failure -> tally.failed(failure.getMessage()))
        .mapEmpty();
  }

  /** A password every device shares (auth-id = device id), hashed by the platform. */
  public static Function<String, JsonArray> passwordCredentials(String password) {
    Objects.requireNonNull(password, "password");
    return deviceId ->
        new JsonArray()
            .add(
                new JsonObject()
                    .put("type", "hashed-password")
                    .put("auth-id", deviceId)
                    .put(
                        "secrets",
                        new JsonArray().add(new JsonObject().put("pwd-plain", password))));
  }

  /** A DTLS pre-shared key per device (auth-id = device id), from the device id. */
  public static Function<String, JsonArray> pskCredentials(Function<String, byte[]> keyOf) {
    Objects.requireNonNull(keyOf, "keyOf");
    return deviceId ->
        new JsonArray()
            .add(
                new JsonObject()
                    .put("type", "psk")
                    .put("auth-id", deviceId)
                    .put(
                        "secrets",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put(
                                        "key",
                                        Base64.getEncoder()
                                            .encodeToString(keyOf.apply(deviceId))))));
  }

  private String url(String path) {
    return apiUrl.resolve(path).toString();
  }

  private static String refusal(String action, String deviceId, HttpResponse<Buffer> response) {
    String body = response.bodyAsString();
    String detail = body == null || body.isBlank() ? "" : ": " + abbreviate(body);
    return action + " " + deviceId + " answered HTTP " + response.statusCode() + detail;
  }

  private static String abbreviate(String text) {
    String line = text.strip().replace('\n', ' ');
    return line.length() <= 200 ? line : line.substring(0, 200) + "…";
  }

  /** Counts shared by the workers, which complete on whichever event loop answered. */
  private static final class Tally {
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger existing = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    void succeeded(boolean existed) {
      (existed ? existing : created).incrementAndGet();
    }

    void failed(String message) {
      failed.incrementAndGet();
      if (failures.size() < KEPT_FAILURES) {
        failures.add(message);
      }
    }

    ProvisionResult result() {
      synchronized (failures) {
        return new ProvisionResult(
            created.get(), existing.get(), failed.get(), List.copyOf(failures));
      }
    }
  }
}
