/** The demo: a simulated multi-vendor fleet driven over real MQTT against the embedded platform. */
package io.twinwright.platform.demo;
