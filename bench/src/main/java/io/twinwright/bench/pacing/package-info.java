/**
 * Paced emission: a schedule that says how many events are due after a given elapsed time, and a
 * single-threaded pacer that issues them in small batches per tick against a replaceable clock.
 * Publishing and connection ramp-up both use it, so thousands of devices need no thread each.
 */
package io.twinwright.bench.pacing;
