/**
 * The MQTT 3.1.1 and 5 device endpoint, following Hono's topic and authentication conventions.
 * {@link io.twinwright.adapters.mqtt.MqttAdapter} is the entry point.
 */
package io.twinwright.adapters.mqtt;
