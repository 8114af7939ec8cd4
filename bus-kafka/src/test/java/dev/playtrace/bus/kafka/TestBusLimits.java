package dev.playtrace.bus.kafka;

import java.time.Duration;

/**
 * The bus's limits in tests: a delivery timeout long enough to wait out a broker slowed by a loaded machine (a CI run
 * at load average 30 saw a first batch expire after the default 30 s). A test that fails because Kafka acknowledged
 * late says nothing about what it checks; the product keeps {@link KafkaEventBus.Limits#DEFAULTS}.
 */
final class TestBusLimits {
    static final KafkaEventBus.Limits PATIENT = new KafkaEventBus.Limits(32L << 20, Duration.ofMinutes(3),
            Duration.ofSeconds(1));
    /** How long a test waits for every acknowledgement: past the delivery timeout, so a failure names its cause. */
    static final Duration ACKNOWLEDGEMENTS_WAIT = Duration.ofMinutes(4);

    private TestBusLimits() {
    }
}
