package dev.playtrace.ingest.enrich;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class BackgroundUserAgentParserTest {
    private static final UserAgentInfo CHROME =
            new UserAgentInfo("Chrome", "120", "Windows", "10", DeviceCategory.DESKTOP, null, null);

    @Test
    void parsingWaitsForTheParserBeingBuilt() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        BackgroundUserAgentParser parser = BackgroundUserAgentParser.start(() -> {
            await(release);
            return userAgent -> CHROME;
        });

        boolean readyBeforeRelease = parser.isReady();
        release.countDown();

        assertThat(readyBeforeRelease).isFalse();
        assertThat(parser.parse("Mozilla/5.0")).isEqualTo(CHROME);
        assertThat(parser.isReady()).isTrue();
    }

    @Test
    void aParserThatFailedToBuildAnswersUnknown() {
        BackgroundUserAgentParser parser = BackgroundUserAgentParser.start(() -> {
            throw new IllegalStateException("no matchers");
        });

        assertThat(parser.parse("Mozilla/5.0")).isEqualTo(UserAgentInfo.UNKNOWN);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
