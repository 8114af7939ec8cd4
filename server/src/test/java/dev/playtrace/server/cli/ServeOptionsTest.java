package dev.playtrace.server.cli;

import dev.playtrace.ingest.session.SessionizerSettings;
import dev.playtrace.server.ServerConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@code playtrace serve}'s options put into the server's settings. */
class ServeOptionsTest {
    @Test
    void maxViewsInMemoryReachesTheSessionizerSettings() {
        ServerConfig config = serve("--max-views-in-memory", "5000", "--view-timeout", "30").config();

        assertThat(config.maxViewsInMemory()).isEqualTo(5_000);
        assertThat(config.sessionizerSettings()).isEqualTo(SessionizerSettings.DEFAULTS
                .withInactivityTimeout(Duration.ofSeconds(30)).withMaxViewsInMemory(5_000));
    }

    @Test
    void withoutTheOptionTheSessionizerKeepsItsDefaultCap() {
        assertThat(serve().config().sessionizerSettings().maxViewsInMemory())
                .isEqualTo(SessionizerSettings.DEFAULT_MAX_VIEWS_IN_MEMORY)
                .isEqualTo(100_000);
    }

    @Test
    void aNegativeCapIsRejectedNamingTheOption() {
        PlaytraceCommand.Serve serve = serve("--max-views-in-memory", "-1");

        assertThatThrownBy(serve::config)
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--max-views-in-memory must not be negative; got -1");
    }

    @Test
    void aCapThatIsNotANumberIsRejectedByTheParser() {
        assertThatThrownBy(() -> serve("--max-views-in-memory", "lots"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--max-views-in-memory");
    }

    private static PlaytraceCommand.Serve serve(String... arguments) {
        PlaytraceCommand.Serve serve = new PlaytraceCommand.Serve();
        new CommandLine(serve).parseArgs(arguments);
        return serve;
    }
}
