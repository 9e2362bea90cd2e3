/**
 * One {@code mqtt-load} run from start to summary: provisioning, ramp-up, the paced publisher, the
 * matching of sampled twin updates back to their publishes, progress lines, drain and teardown.
 */
package io.twinwright.bench.load;
