/**
 * {@code ./playtrace bench}: a real Playtrace server measured on this machine (ingest over loopback from a separate
 * load-generator process, queries and vendor facades on built datasets, freshness, heap per live view, startup), each
 * figure set against a baseline measured in the same run, written to {@code BENCHMARKS.md}. The entry point is
 * {@link dev.playtrace.bench.run.BenchmarkCommand}; the JMH micro-benchmarks are in {@code dev.playtrace.bench}.
 */
package dev.playtrace.bench.run;
