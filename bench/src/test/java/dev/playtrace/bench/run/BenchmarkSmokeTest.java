package dev.playtrace.bench.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@code ./playtrace bench --smoke} so the benchmark keeps working; no timing is asserted. */
class BenchmarkSmokeTest {

    @Test
    void smokeRunWritesEveryPartAndLosesNoEvent(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("BENCHMARKS.md");

        int exitCode = new CommandLine(new BenchmarkCommand()).execute(
                "--smoke", "--out", report.toString(), "--data-dir", dir.resolve("data").toString(),
                "--notes", dir.resolve("no-notes.md").toString());

        assertThat(exitCode).isEqualTo(0);
        List<String> lines = Files.readAllLines(report);
        assertThat(lines.stream().filter(line -> line.startsWith("## ")).toList()).containsExactly(
                "## Goals",
                "## Ingest, 1 event per beacon",
                "## Ingest, 50 events per beacon",
                "## Queries, 1,000 views",
                "## Vendor facades, 1,000 views",
                "## Queries, 2,000 views",
                "## Vendor facades, 2,000 views",
                "## Batched ingest into the 2,000-view dataset",
                "## Freshness",
                "## Memory per live view",
                "## Startup",
                "## Scale-out ingest: Kafka and ClickHouse",
                "## Scale-out queries: ClickHouse and DuckDB, 2,000 views",
                "## How to reproduce");
        // Kafka and ClickHouse ran (not skipped), and the workers stored the events the no-bus sessionizer stored
        assertThat(lines).noneMatch(line -> line.startsWith("skipped: "));
        assertThat(lines.stream().filter(line -> line.startsWith("| events in ClickHouse, 1 worker / 2 workers |"))
                .toList()).singleElement().asString().endsWith("| = no-bus run | yes |");
        // every question on one ClickHouse server and on two shards, both copies built in this run and kept
        assertThat(lines.stream().filter(line -> line.contains("p95 on ClickHouse, one server")).count()).isEqualTo(11);
        assertThat(lines.stream().filter(line -> line.contains("p95 on ClickHouse, two shards")).count()).isEqualTo(11);
        assertThat(dir.resolve("data/views-2000/clickhouse/one-server.properties")).isRegularFile();
        assertThat(dir.resolve("data/views-2000/clickhouse/two-shards.properties")).isRegularFile();
        // the collector acknowledged events, and every one of them was stored
        assertThat(lines.stream().filter(line -> line.startsWith("| events stored / acknowledged |"))
                .map(line -> line.substring(line.lastIndexOf("| stored = acknowledged |")))
                .toList()).containsExactly("| stored = acknowledged | yes |", "| stored = acknowledged | yes |");
        // the batched load ran again on fresh servers with and without rollup maintenance, alternating, with the
        // rollup's cost as a goal row
        assertThat(lines.stream().filter(line -> line.startsWith("| stored events/s without rollup maintenance |"))
                .toList()).singleElement().asString().contains("| stored events/s, rollup kept (same runs) |");
        assertThat(lines.stream().filter(line -> line.startsWith("- The rollup rows come from 4 more runs"))
                .toList()).singleElement().asString().contains("in the order with, without, without, with");
        assertThat(lines.stream().filter(line -> line.startsWith("| rollup maintenance cost (share of stored events/s) |"))
                .toList()).singleElement().asString().containsPattern("\\| -?\\d+ % \\|.*\\| ≤ 10 % \\| (yes|\\*\\*no\\*\\*) \\|$");
        // the batched load into a copy of the dataset, with and without the rollups, and the view page over HTTP
        assertThat(lines.stream().filter(line -> line.startsWith("| rollup maintenance cost at this size (share of stored events/s) |"))
                .toList()).singleElement().asString().containsPattern("^\\| rollup maintenance cost at this size \\(share of stored events/s\\) \\| -?\\d+ % \\|");
        assertThat(lines.stream().filter(line -> line.startsWith("| native `GET /data/v1/video-views/{id}`")).count())
                .isEqualTo(4);
        assertThat(lines.stream().filter(line -> line.startsWith("| one view's page, long views (sampled by event) p95")).count())
                .isEqualTo(2);
        // the dashboard's questions were timed while a paced load ran, next to the same questions on the idle server
        assertThat(lines.stream().filter(line -> line.startsWith("| dashboard questions p95 during the paced load ("))
                .toList()).singleElement().asString()
                .containsPattern("asked\\) \\| [\\d,.]+ ms \\| same questions, idle server \\(\\d+ asked\\) \\| [\\d,.]+ ms \\|.*\\| ≤ 200 ms \\| (yes|\\*\\*no\\*\\*) \\|$");
        assertThat(lines.stream().filter(line -> line.startsWith("| live views held |")).toList())
                .singleElement().asString().endsWith("| all live | yes |");
        assertThat(Files.list(dir.resolve("data")).map(path -> path.getFileName().toString()).sorted().toList())
                .containsExactly("views-1000", "views-2000");
    }
}
