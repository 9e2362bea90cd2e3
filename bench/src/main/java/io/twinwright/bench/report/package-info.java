/**
 * What a run measured and how it is shown: latency histograms (HdrHistogram), the summary as
 * values, and its text and JSON renderings.
 */
package io.twinwright.bench.report;
