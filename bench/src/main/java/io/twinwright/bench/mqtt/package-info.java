/**
 * The simulated devices' MQTT side: one HiveMQ async client per device, all sharing one Netty event
 * loop group, connected at a paced rate so a large fleet does not arrive as a connection storm.
 */
package io.twinwright.bench.mqtt;
