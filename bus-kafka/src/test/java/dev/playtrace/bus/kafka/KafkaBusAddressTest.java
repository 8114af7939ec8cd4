package dev.playtrace.bus.kafka;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaBusAddressTest {
    @Test
    void aUrlNamesTheBootstrapServersAndOptionallyTheTopic() {
        assertThat(KafkaBusAddress.parse("kafka://127.0.0.1:9092"))
                .isEqualTo(new KafkaBusAddress("127.0.0.1:9092", KafkaBusAddress.DEFAULT_TOPIC));
        assertThat(KafkaBusAddress.parse("kafka://a:9092,b:9093/beacons"))
                .isEqualTo(new KafkaBusAddress("a:9092,b:9093", "beacons"));
        assertThat(KafkaBusAddress.parse("kafka://a:9092/").topic()).isEqualTo(KafkaBusAddress.DEFAULT_TOPIC);
    }

    @Test
    void aMalformedUrlIsRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> KafkaBusAddress.parse("http://a:9092")).hasMessageContaining("kafka://");
        assertThatThrownBy(() -> KafkaBusAddress.parse("kafka://a")).hasMessageContaining("a is not host:port");
        assertThatThrownBy(() -> KafkaBusAddress.parse("kafka://a:9092,")).hasMessageContaining("is not host:port");
    }
}
