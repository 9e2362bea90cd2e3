/**
 * The twin domain: typed ids, device messages, canonical patches, twin events, and the twin service
 * that holds Ditto-model twins hot, persists them and publishes their changes.
 */
package io.twinwright.twin;
