package dev.playtrace.store.clickhouse;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlLiteralsTest {
    @Test
    void stringsAreQuotedWithBackslashEscapes() {
        assertThat(SqlLiterals.bind("SELECT ? AS x", List.of("it's \\ a\ttab\nline")))
                .isEqualTo("SELECT 'it\\'s \\\\ a\\ttab\\nline' AS x");
    }

    @Test
    void longsAreInt64IntegersPlainNullsAndBooleansAsClickHouseWritesThem() {
        assertThat(SqlLiterals.bind("f(?, ?, ?, ?, ?)", Arrays.asList(1_704_067_200_000L, -5L, 7, null, true)))
                .isEqualTo("f(toInt64(1704067200000), toInt64(-5), 7, NULL, 1)");
        assertThat(SqlLiterals.bind("g(?)", List.of(2.5))).isEqualTo("g(toFloat64(2.5))");
    }

    @Test
    void limitAndOffsetTakePlainNumbers() {
        assertThat(SqlLiterals.bind("SELECT x FROM t LIMIT ?, ?", List.of(20L, 10L)))
                .isEqualTo("SELECT x FROM t LIMIT 20, 10");
        assertThat(SqlLiterals.bind("SELECT x FROM t WHERE y = ? LIMIT ? OFFSET ?", List.of(3L, 10L, 5L)))
                .isEqualTo("SELECT x FROM t WHERE y = toInt64(3) LIMIT 10 OFFSET 5");
        assertThatThrownBy(() -> SqlLiterals.bind("SELECT 1 LIMIT ?", List.of("1; DROP TABLE t")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void placeholdersInsideQuotedTextAreText() {
        assertThat(SqlLiterals.bind("SELECT '?' AS q, 'it\\'s ?' AS r, ? AS s", List.of("v")))
                .isEqualTo("SELECT '?' AS q, 'it\\'s ?' AS r, 'v' AS s");
    }

    @Test
    void aParameterCountThatDoesNotMatchThePlaceholdersIsAProgrammingError() {
        assertThatThrownBy(() -> SqlLiterals.bind("SELECT ?", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SqlLiterals.bind("SELECT 1", List.of("x"))).isInstanceOf(IllegalArgumentException.class);
    }
}
