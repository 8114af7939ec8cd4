package dev.playtrace.server.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code serve --role ... --bus ... --scheduler}: combinations that cannot work are refused, saying why. */
class ServeRoleOptionsTest {
    private static final int USAGE_ERROR = 2;

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--role bogus | --role must be collector, sessionizer, query or all; got 'bogus'",
            "--role sessionizer | --role sessionizer needs a shared bus: add --bus kafka://host:port",
            "--role collector | --role collector needs a shared bus: add --bus kafka://host:port",
            "--scheduler | --scheduler is for scaled-out nodes; the embedded node always runs the schedules",
            "--role query --export-dir daily-exports | --export-dir needs --scheduler on a scaled-out node",
            "--role query --demo | --demo runs on the embedded bus only",
    })
    void refusesRoleOptionsThatCannotWork(String options, String message) {
        List<String> arguments = new ArrayList<>(List.of("serve", "--data-dir", dataDir.toString(), "--port", "0"));
        arguments.addAll(List.of(options.trim().split(" +")));
        StringWriter err = new StringWriter();

        int exit = new CommandLine(new PlaytraceCommand()).setErr(new PrintWriter(err))
                .execute(arguments.toArray(String[]::new));

        assertThat(exit).as(err.toString()).isEqualTo(USAGE_ERROR);
        assertThat(err.toString()).contains(message);
    }
}
