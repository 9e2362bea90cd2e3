/** The Eclipse Ditto Java client, run in its own class loader against the WebSocket endpoint. */
package io.twinwright.api.dittoclient;
