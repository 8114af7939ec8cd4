/**
 * The viewer simulator: an independent oracle for Playtrace's numbers.
 *
 * <p>{@link dev.playtrace.simulator.ViewerSimulator} draws views (who, what, how playback went) and scripts them
 * with {@link dev.playtrace.simulator.ViewScript}; each {@link dev.playtrace.simulator.SimulatedView} renders the
 * beacons a player SDK would send (docs/beacon-protocol.md) and carries its
 * {@link dev.playtrace.simulator.TruthView}, computed by construction from the decided behaviour following
 * metrics.md. {@link dev.playtrace.simulator.GroundTruth} aggregates truths into the metrics of metrics.md §3;
 * {@link dev.playtrace.simulator.BeaconMerger} orders many views' beacons by send time;
 * {@link dev.playtrace.simulator.DemoDataGenerator} and {@link dev.playtrace.simulator.LiveTrickle} feed the demo.
 *
 * <p>Depends on the model only; never on ingest or query, whose results it checks.
 */
package dev.playtrace.simulator;
