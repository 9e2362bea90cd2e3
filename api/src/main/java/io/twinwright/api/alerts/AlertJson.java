package io.twinwright.api.alerts;

import io.twinwright.api.AlertView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;

/** Renders alerts as the operator API sends them. */
final class AlertJson {
  private AlertJson() {}

  static JsonObject alert(AlertView a) {
    return new JsonObject()
        .put("id", a.id())
        .put("thingId", a.thingId())
        .put("code", a.code())
        .put("severity", a.severity())
        .put("message", a.message())
        .put("findings", new JsonObject(new LinkedHashMap<>(a.findings())))
        .put("raisedAt", a.raisedAt().toString())
        .put("updatedAt", a.updatedAt().toString())
        .put("state", a.state());
  }

  static JsonArray alerts(List<AlertView> views) {
    JsonArray array = new JsonArray();
    views.forEach(a -> array.add(alert(a)));
    return array;
  }
}
