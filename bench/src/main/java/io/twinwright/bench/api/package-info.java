/**
 * Load on the platform's Ditto-style HTTP API: bulk creation of twins and a closed-loop mix of twin
 * reads and RQL searches with latency percentiles.
 */
package io.twinwright.bench.api;
