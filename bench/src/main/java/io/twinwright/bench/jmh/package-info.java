/**
 * JMH micro-benchmarks of single modules in-process: the vendor-profile normaliser (fields/s) and
 * the rule engine (twin changes/s through the standard packs on one partition).
 */
package io.twinwright.bench.jmh;
