/**
 * Ditto-compatible twin routes: {@code /api/2/things} (single, by ids, server-sent events) and
 * {@code /api/2/search/things} with RQL. Things are rendered with Ditto's own JSON, so the shape
 * and the field selection syntax are Ditto's. Internal to the API module.
 */
package io.twinwright.api.things;
