package dev.playtrace.bench.run;

import dev.playtrace.model.TimeRange;
import dev.playtrace.model.View;
import dev.playtrace.server.PlaytraceServer;
import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.PlaytraceStores;
import dev.playtrace.store.spi.SqlStatement;
import dev.playtrace.store.spi.ViewStore;
import dev.playtrace.store.spi.ViewTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scale-out part's ClickHouse copies against real servers: they hold exactly the DuckDB dataset's views, on one
 * server and on two shards; a restarted server's copy is reused; a copy of another dataset is rebuilt.
 */
class ClickHouseCopyTest {

    @Test
    void copiesEveryViewExactlyAndReusesTheCopyOnlyForTheSameDataset(@TempDir Path dir) throws Exception {
        BenchDataset.Ready dataset = BenchDataset.ensure(dir.resolve("views-1000"), 1_000, 500, null, false);
        Path kept = dir.resolve("clickhouse");
        List<Path> shardDirectories = List.of(kept.resolve("shard-1"), kept.resolve("shard-2"));
        Map<String, View> inDuckDb;
        try (PlaytraceServer.StoreHandle duckDb = PlaytraceServer.openStore(dataset.dataDir())) {
            inDuckDb = views(duckDb.store().views(), "");
        }
        assertThat(inDuckDb).hasSize(1_000);

        try (KeptClickHouse one = KeptClickHouse.oneServer(kept.resolve("one-server"));
             KeptClickHouse shards = KeptClickHouse.shards(shardDirectories)) {
            ClickHouseCopy.Ready oneCopy = ClickHouseCopy.oneServer(dataset, one, kept.resolve("one.properties"));
            ClickHouseCopy.Ready shardsCopy = ClickHouseCopy.twoShards(dataset, shards, one, kept.resolve("two.properties"));

            assertThat(oneCopy.reused()).isFalse();
            assertThat(shardsCopy.reused()).isFalse();
            assertThat(viewsIn(oneCopy)).isEqualTo(inDuckDb);
            assertThat(viewsIn(shardsCopy)).isEqualTo(inDuckDb);
        }

        // the servers start again on the same data: both copies are taken as they are
        try (KeptClickHouse one = KeptClickHouse.oneServer(kept.resolve("one-server"));
             KeptClickHouse shards = KeptClickHouse.shards(shardDirectories)) {
            ClickHouseCopy.Ready oneCopy = ClickHouseCopy.oneServer(dataset, one, kept.resolve("one.properties"));
            ClickHouseCopy.Ready shardsCopy = ClickHouseCopy.twoShards(dataset, shards, one, kept.resolve("two.properties"));

            assertThat(oneCopy.reused()).isTrue();
            assertThat(shardsCopy.reused()).isTrue();
            assertThat(viewsIn(shardsCopy)).isEqualTo(inDuckDb);

            // a dataset built again (another time window) is not the one the copies hold: both are copied again
            BenchDataset.Ready rebuilt = new BenchDataset.Ready(dataset.dataDir(), dataset.views(), dataset.seedViews(),
                    dataset.events(), dataset.eventsOfEveryView(),
                    new TimeRange(dataset.window().fromMs() + 1, dataset.window().toMs() + 1), dataset.buildSeconds(),
                    dataset.seedViewsPerSecond(), true);
            ClickHouseCopy.Ready oneAgain = ClickHouseCopy.oneServer(rebuilt, one, kept.resolve("one.properties"));
            ClickHouseCopy.Ready shardsAgain = ClickHouseCopy.twoShards(rebuilt, shards, one, kept.resolve("two.properties"));

            assertThat(oneAgain.reused()).isFalse();
            assertThat(shardsAgain.reused()).isFalse();
            assertThat(viewsIn(oneAgain)).isEqualTo(inDuckDb);
            assertThat(viewsIn(shardsAgain)).isEqualTo(inDuckDb);
        }
    }

    private static Map<String, View> viewsIn(ClickHouseCopy.Ready copy) {
        try (PlaytraceStore clickHouse = PlaytraceStores.open(copy.storeUrl())) {
            return views(clickHouse.views(), " FINAL");
        }
    }

    private static Map<String, View> views(ViewStore store, String modifier) {
        return store.select(new SqlStatement("SELECT " + String.join(", ", ViewTable.storedColumnNames()) + " FROM "
                        + ViewTable.NAME + modifier, List.of())).stream()
                .map(ViewTable::toView)
                .collect(Collectors.toMap(View::viewId, Function.identity()));
    }
}
