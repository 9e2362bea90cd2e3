package io.twinwright.api.things;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.eclipse.ditto.json.JsonArray;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;

/**
 * The opaque cursor of a search page: the query it belongs to (filter, namespaces, sort) and the
 * sort values of the page's last twin. Clients treat it as an opaque string; it is URL-safe base64
 * of a small JSON object, so a cursor survives restarts and needs no server-side state.
 *
 * @param filter the RQL filter of the search
 * @param namespaces the namespaces of the search, as sent
 * @param sort the sort option of the search, as sent
 * @param position the sort values (thing id last) of the last twin returned
 */
record SearchCursor(String filter, String namespaces, String sort, List<JsonValue> position) {
  SearchCursor {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(namespaces, "namespaces");
    Objects.requireNonNull(sort, "sort");
    position = List.copyOf(position);
  }

  String encode() {
    JsonArray values = JsonFactory.newArrayBuilder(position).build();
    JsonObject json =
        JsonFactory.newObjectBuilder()
            .set("f", filter)
            .set("n", namespaces)
            .set("s", sort)
            .set("p", values)
            .build();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @throws io.twinwright.api.ApiException 400 when the text is not a cursor this server made
   */
  static SearchCursor decode(String text) {
    try {
      String json = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      JsonObject o = JsonFactory.newObject(json);
      List<JsonValue> position = new ArrayList<>();
      o.getValue("p").filter(JsonValue::isArray).orElseThrow().asArray().forEach(position::add);
      return new SearchCursor(
          o.getValue("f").orElseThrow().asString(),
          o.getValue("n").orElseThrow().asString(),
          o.getValue("s").orElseThrow().asString(),
          position);
    } catch (RuntimeException e) {
      throw SearchOptions.invalid(
          "The cursor is not valid.",
          "Use the cursor exactly as a previous search page returned it.");
    }
  }
}
