package dev.playtrace.server;

import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The composition root opens the store its configuration names ({@code --store}). */
class StoreUrlTest {
    @TempDir
    Path dataDir;

    @Test
    void theDefaultStoreIsTheDuckDbFileInTheDataDirectory() {
        assertThat(RunningServer.config(dataDir).storeUrl()).isEqualTo("duckdb:" + dataDir.resolve("playtrace.duckdb"));
    }

    @Test
    void aStoreUrlPutsTheDatabaseWhereItSays() {
        Path elsewhere = dataDir.resolve("elsewhere/other.duckdb");
        MutableClock clock = new MutableClock(Instant.parse("2026-11-20T11:00:00Z"));
        try (RunningServer server = RunningServer.start(RunningServer.config(dataDir).withStoreUrl("duckdb:" + elsewhere), clock)) {
            RunningServer.Response health = server.getWithoutAuth("/health");
            assertThat(health.json().path("store").asText()).isEqualTo("duckdb");
            assertThat(server.get("/data/v1/metrics").status()).isEqualTo(200);
        }
        assertThat(elsewhere).isRegularFile();
        assertThat(Files.exists(dataDir.resolve("playtrace.duckdb"))).isFalse();
    }

    @Test
    void anUnknownSchemeNamesTheKnownOnes() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-20T11:00:00Z"));
        assertThatThrownBy(() -> RunningServer.start(RunningServer.config(dataDir).withStoreUrl("postgres://db:5432/x"), clock))
                .isInstanceOfSatisfying(PlaytraceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER);
                    assertThat(e.getMessage()).contains("'postgres'").contains("[clickhouse, duckdb]");
                });
    }
}
