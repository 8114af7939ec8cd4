package dev.playtrace.simulator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Beacon batching, delivery faults on scripted views, and the live trickle. */
class DeliveryAndLiveTest {
    private static final long T0 = 1_800_000_000_000L;

    private static ViewScript script() {
        return ViewScript.begin(ViewSetup.simple("env", "v-delivery", Video.CATALOGUE.get(8)), T0)
                .play(300).firstFrame(1_000).stall(15_000, 700).viewEnd(42_000);
    }

    @Test
    void sdkFlushesViewstartAtOnceThenEveryTenSecondsThenViewendAtOnce() {
        List<Beacon> beacons = script().build().beacons();

        // viewstart (at once) | play, playing (tick 10 s) | hb 11 s, waiting 15 s, playing 15.7 s (tick 20 s)
        // | hb 25.7 s (tick 30 s) | hb 35.7 s (tick 40 s) | viewend (at once)
        assertThat(beacons).extracting(Beacon::sendAtServerMs)
                .containsExactly(T0, T0 + 10_000, T0 + 20_000, T0 + 30_000, T0 + 40_000, T0 + 42_000);
        assertThat(beacons).extracting(Beacon::eventCount).containsExactly(1, 2, 3, 1, 1, 1);
        assertThat(beacons).extracting(Beacon::delivery).containsOnly(Beacon.Delivery.NORMAL);
    }

    @Test
    void duplicatedBeaconIsResentLaterAndDelayedBeaconArrivesAfterItsSuccessor() {
        List<Beacon> beacons = script().build(DeliveryFaults.of(Set.of(0), Set.of(1))).beacons();

        assertThat(beacons).extracting(Beacon::delivery).containsExactly(Beacon.Delivery.NORMAL,
                Beacon.Delivery.DUPLICATE, Beacon.Delivery.NORMAL, Beacon.Delivery.DELAYED, Beacon.Delivery.NORMAL,
                Beacon.Delivery.NORMAL, Beacon.Delivery.NORMAL);
        assertThat(beacons.get(1).jsonBody()).isNotEqualTo(beacons.get(0).jsonBody()); // a new transmission time
        assertThat(beacons.get(1).jsonBodyReceivedAt(T0)).isEqualTo(beacons.get(0).jsonBody());
        assertThat(beacons.get(3).sendAtServerMs()).isEqualTo(T0 + 21_000);
        // the server, deduplicating and ordering by sequence number, sees the same events with the same times
        List<ParsedEvent> received = ParsedEvent.of(beacons);
        List<SimulatedEvent> sent = script().build().events();
        assertThat(received).extracting(ParsedEvent::timeMs)
                .containsExactlyElementsOf(sent.stream().map(SimulatedEvent::serverTimeMs).toList());
    }

    @Test
    void skewedDeviceClockIsInViewerTimeAndTransmissionTimestampOnly() {
        SimulatedView view = ViewScript.begin(ViewSetup.simple("env", "v-skew", Video.CATALOGUE.get(0))
                .withClockOffset(-3_600_000L), T0).play(0).firstFrame(500).viewEnd(5_000).build();

        Beacon first = view.beacons().get(0);
        assertThat(first.transmissionTimestamp()).isEqualTo(T0 - 3_600_000L);
        assertThat(view.events().get(0).viewerTimeMs()).isEqualTo(T0 - 3_600_000L);
        assertThat(view.truth().viewStartMs()).isEqualTo(T0);
        assertThat(ParsedEvent.of(view.beacons()).get(0).timeMs()).isEqualTo(T0);
    }

    @Test
    void liveTrickleReleasesBeaconsWhenDueInSendOrder() {
        List<TruthView> started = new ArrayList<>();
        LiveTrickle live = new ViewerSimulator(5, "env-live").liveTrickle(T0, 30.0, started::add);
        long previous = Long.MIN_VALUE;
        int beacons = 0;
        for (long now = T0; now < T0 + Duration.ofMinutes(30).toMillis(); now += 1_000) {
            for (Beacon beacon : live.pollDue(now)) {
                assertThat(beacon.sendAtServerMs()).isLessThanOrEqualTo(now).isGreaterThanOrEqualTo(previous);
                previous = beacon.sendAtServerMs();
                beacons++;
            }
            assertThat(live.nextSendAtMs()).isGreaterThan(now);
        }
        System.out.printf("live trickle: %d views started, %d beacons in 30 simulated minutes%n",
                live.viewsStarted(), beacons);
        assertThat(started).isNotEmpty().allSatisfy(view -> assertThat(view.viewStartMs()).isGreaterThan(T0));
        assertThat(live.viewsStarted()).isBetween(300L, 2_500L);
    }

    @Test
    void recentWindowKeepsAMarginInsideTheSevenDaysTheServerAccepts() {
        var window = DemoDataGenerator.recentWindow(T0, Duration.ofDays(7));
        assertThat(window.toMs()).isEqualTo(T0);
        assertThat(window.fromMs()).isEqualTo(T0 - Duration.ofDays(7).toMillis() + Duration.ofMinutes(30).toMillis());
    }
}
