package dev.playtrace.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.simulator.StartupFailureFault;
import dev.playtrace.store.spi.AlertIncident;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proof of issue 17: simulated viewers, one CDN in one country whose startup failures jump from the usual 2.5 %
 * to 20 % for 10 minutes. An anomaly rule on the overall video startup failure percentage opens an incident within
 * 2 minutes of simulated time, names that CDN and that country at the top of its attribution, and resolves after the
 * fault ends; no incident opens before the fault.
 */
class AlertIncidentFromSimulatedFaultTest {
    private static final long MINUTE_MS = 60_000;
    private static final long START_MS = Instant.parse("2026-11-18T18:00:00Z").toEpochMilli();
    private static final long FAULT_FROM_MS = START_MS + 34 * MINUTE_MS;
    private static final long FAULT_TO_MS = FAULT_FROM_MS + 10 * MINUTE_MS;
    private static final long END_MS = FAULT_TO_MS + 12 * MINUTE_MS;
    private static final int VIEWS_PER_MINUTE = Integer.getInteger("playtrace.alerts.viewsPerMinute", 1000);
    static final String STARTUP_FAILURE_ANOMALY = """
            {"name": "Startup failures", "metric": "video_startup_failure_percentage",
             "window_minutes": 3, "min_views": 200, "resolve_after": 3,
             "condition": {"type": "anomaly", "history_windows": 10, "history_step_minutes": 3,
                           "min_score": 4, "resolve_score": 2, "min_relative_change": 0.25}}""";

    @Test
    void aCdnFailingInOneCountryOpensAnIncidentWithinTwoMinutesNamesItAndResolves() {
        List<String> log = new ArrayList<>();
        try (SimulatedAlerting simulation = new SimulatedAlerting(START_MS, END_MS, VIEWS_PER_MINUTE,
                List.of(new StartupFailureFault("cloudfront", "US", FAULT_FROM_MS, FAULT_TO_MS, 0.20)), 17L)) {
            String ruleId = simulation.addRule(STARTUP_FAILURE_ANOMALY);
            long[] openedAt = {0};
            long[] resolvedAt = {0};
            simulation.runUntil(END_MS, minute -> {
                var open = simulation.store.alerts().findOpenIncident(SimulatedAlerting.PROJECT_ID, ruleId);
                if (open.isPresent() && openedAt[0] == 0) {
                    openedAt[0] = minute;
                }
                if (openedAt[0] != 0 && open.isEmpty() && resolvedAt[0] == 0) {
                    resolvedAt[0] = minute;
                }
                log.add(Instant.ofEpochMilli(minute) + " " + open.map(i -> AlertEngine.incidentJson(i))
                        .map(json -> "open, " + json.path("reason").asText()).orElse("-"));
            });

            List<AlertIncident> incidents = simulation.store.alerts().listIncidents(SimulatedAlerting.PROJECT_ID,
                    START_MS, END_MS + 1, 0, 10);
            String minutes = String.join("\n", log);
            assertThat(incidents).as("exactly one incident: none before the fault, no flapping\n" + minutes).hasSize(1);
            AlertIncident incident = incidents.getFirst();
            assertThat(incident.openedAtMs()).as("opened within 2 minutes of the fault reaching the data\n" + minutes)
                    .isGreaterThan(FAULT_FROM_MS).isLessThanOrEqualTo(FAULT_FROM_MS + 2 * MINUTE_MS);
            assertThat(incident.status()).isEqualTo(AlertIncident.Status.RESOLVED);
            assertThat(incident.resolvedAtMs()).as("resolved after the fault ended, within 10 minutes\n" + minutes)
                    .isGreaterThan(FAULT_TO_MS).isLessThanOrEqualTo(FAULT_TO_MS + 10 * MINUTE_MS);

            JsonNode shown = AlertEngine.incidentJson(incident);
            JsonNode slices = shown.path("attribution").path("slices");
            List<String> topTwo = List.of(slices.get(0).path("dimension").asText() + "=" + slices.get(0).path("value").asText(),
                    slices.get(1).path("dimension").asText() + "=" + slices.get(1).path("value").asText());
            assertThat(topTwo).as(shown.toPrettyString()).containsExactlyInAnyOrder("cdn=cloudfront", "country=US");
            JsonNode combination = shown.path("attribution").path("combinations").get(0);
            assertThat(List.of(combination.path("within").path("dimension").asText() + "=" + combination.path("within").path("value").asText(),
                    combination.path("dimension").asText() + "=" + combination.path("value").asText()))
                    .as(shown.toPrettyString()).containsExactlyInAnyOrder("cdn=cloudfront", "country=US");
            assertThat(combination.path("value_now").asDouble()).as("the slice's failure rate now").isGreaterThan(10.0);
            assertThat(combination.path("value_before").asDouble()).as("and before").isLessThan(6.0);
            assertThat(shown.path("peak_value").asDouble()).isGreaterThan(shown.path("baseline_value").asDouble());
            assertThat(shown.path("affected_views").asLong()).isGreaterThan(VIEWS_PER_MINUTE * 10L);
            assertThat(shown.path("affected_viewers").asLong()).isPositive();
        }
    }
}
