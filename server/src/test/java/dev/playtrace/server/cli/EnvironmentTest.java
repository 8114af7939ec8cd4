package dev.playtrace.server.cli;

import dev.playtrace.server.facade.FacadeSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings read from the environment, only here (facades get them as typed values). */
class EnvironmentTest {
    @Test
    void theApiVideoRateLimitComesFromTheEnvironmentOrDefaultsToSixty() {
        assertThat(PlaytraceCommand.Environment.facadeSettings(Map.of())).isEqualTo(FacadeSettings.DEFAULTS);
        assertThat(PlaytraceCommand.Environment.facadeSettings(Map.of("PLAYTRACE_APIVIDEO_RATE_LIMIT", " 5 ")))
                .isEqualTo(new FacadeSettings(5));
        assertThatThrownBy(() -> PlaytraceCommand.Environment.facadeSettings(Map.of("PLAYTRACE_APIVIDEO_RATE_LIMIT", "0")))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("PLAYTRACE_APIVIDEO_RATE_LIMIT must be a positive integer, was '0'");
    }
}
