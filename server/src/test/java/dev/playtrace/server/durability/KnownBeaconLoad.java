package dev.playtrace.server.durability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts beacons whose every event is known ({@code view id, sequence number}) from several threads and records
 * which events the server acknowledged with a 2xx. Half the senders post single-event beacons (one long view each),
 * half post 50-event beacons (a new view each). A sender whose request fails (the server was killed) sends that
 * beacon again once the server is back, as the SDKs do; a 503 is retried the same way.
 */
final class KnownBeaconLoad {
    static final int EVENTS_PER_BATCH = 50;

    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    /** Single-event senders keep one view each across phases: a crash interrupts that view, the next phase continues it. */
    private final java.util.Map<String, Long> lastAcknowledgedSequence = new ConcurrentHashMap<>();
    private final AtomicLong acknowledgedRequests = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final List<Throwable> senderFailures = java.util.Collections.synchronizedList(new ArrayList<>());
    private final String runId;
    private int cycle;

    KnownBeaconLoad(String runId) {
        this.runId = runId;
    }

    /** One load phase against one server process: starts the threads, which run until {@link Phase#stop()}. */
    Phase start(ServerProcess server, int singleEventSenders, int batchSenders) {
        cycle++;
        return new Phase(server.uri("/v1/beacons"), cycle, singleEventSenders, batchSenders);
    }

    Set<String> acknowledged() {
        return acknowledged;
    }

    long acknowledgedRequests() {
        return acknowledgedRequests.get();
    }

    long refusedWith503() {
        return refused.get();
    }

    long failedRequests() {
        return failed.get();
    }

    /** What stopped a sender (an unexpected answer); empty when all ran until stopped. */
    List<Throwable> senderFailures() {
        return senderFailures;
    }

    static String key(String viewId, long sequence) {
        return viewId + "#" + sequence;
    }

    final class Phase {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicLong phaseAcknowledged = new AtomicLong();

        private Phase(URI collector, int cycle, int singleEventSenders, int batchSenders) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                    .version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < singleEventSenders + batchSenders; i++) {
                boolean batched = i >= singleEventSenders;
                String sender = batched ? runId + "-c" + cycle + "-b" + i : runId + "-s" + i;
                Thread thread = Thread.ofPlatform().name("load-" + sender).daemon().start(() -> {
                    try {
                        send(client, collector, sender, batched);
                    } catch (RuntimeException | AssertionError e) {
                        senderFailures.add(e);
                    }
                });
                threads.add(thread);
            }
        }

        /** Events acknowledged in this phase so far. */
        long acknowledgedEvents() {
            return phaseAcknowledged.get();
        }

        void stop() {
            running.set(false);
            for (Thread thread : threads) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private void send(HttpClient client, URI collector, String sender, boolean batched) {
            long viewNumber = 0;
            String viewId = sender + "-v0";
            long sequence = batched ? 0 : lastAcknowledgedSequence.getOrDefault(viewId, 0L);
            while (running.get()) {
                if (batched) {
                    viewId = sender + "-v" + viewNumber++;
                    sequence = 0;
                }
                long first = sequence + 1;
                int count = batched ? EVENTS_PER_BATCH : 1;
                String body = body(viewId, first, count);
                if (post(client, collector, body, count)) {
                    for (long s = first; s < first + count; s++) {
                        acknowledged.add(key(viewId, s));
                    }
                    acknowledgedRequests.incrementAndGet();
                    phaseAcknowledged.addAndGet(count);
                    sequence += count;
                    if (!batched) {
                        lastAcknowledgedSequence.put(viewId, sequence);
                    }
                } else if (batched) {
                    viewNumber--;
                }
            }
        }

        private boolean post(HttpClient client, URI collector, String body, int events) {
            HttpRequest request = HttpRequest.newBuilder(collector).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    if (!response.body().startsWith("{\"accepted\":" + events + ",\"rejected\":0,")) {
                        throw new AssertionError("not every event was accepted: " + response.body());
                    }
                    return true;
                }
                if (response.statusCode() == 503) {
                    refused.incrementAndGet();
                    return false;
                }
                throw new AssertionError("the collector answered " + response.statusCode() + ": " + response.body());
            } catch (IOException e) {
                failed.incrementAndGet();
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.set(false);
                return false;
            }
        }
    }

    /** A native beacon: a view's first event is viewstart, then play, playing and heartbeats, a second apart. */
    private static String body(String viewId, long firstSequence, int count) {
        long nowMs = System.currentTimeMillis();
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < count; i++) {
            long sequence = firstSequence + i;
            String name = sequence == 1 ? "viewstart" : sequence == 2 ? "play" : sequence == 3 ? "playing" : "hb";
            if (i > 0) {
                events.append(',');
            }
            events.append("{\"event\":\"").append(name).append("\",\"view_id\":\"").append(viewId)
                    .append("\",\"view_sequence_number\":").append(sequence)
                    .append(",\"viewer_time\":").append(nowMs - (count - i) * 10L)
                    .append(sequence == 1 ? ",\"video_title\":\"crash test\"" : "")
                    .append('}');
        }
        return "{\"metadata\":{\"transmission_timestamp\":" + nowMs + ",\"env_key\":\"" + ServerProcess.INGEST_KEY
                + "\"},\"events\":[" + events + "]}";
    }
}
