package dev.playtrace.store.clickhouse;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The TabSeparated results the store reads and the RowBinary rows it writes, byte for byte. */
class WireFormatsTest {
    @Test
    void tabSeparatedFieldsAreUnescapedAndBackslashNIsNull() {
        assertThat(TabSeparated.splitRow("a\\tb\tc\\\\d\t\\N\t\te\\nf"))
                .containsExactly("a\tb", "c\\d", null, "", "e\nf");
    }

    @Test
    void valuesAreTypedByTheirClickHouseType() {
        assertThat(ClickHouseValues.convert("-12", "Nullable(Int64)")).isEqualTo(-12L);
        assertThat(ClickHouseValues.convert("nan", "Float64")).isEqualTo(Double.NaN);
        assertThat(ClickHouseValues.convert("0.1", "Float64")).isEqualTo(0.1);
        assertThat(ClickHouseValues.convert("x", "String")).isEqualTo("x");
        assertThat(ClickHouseValues.convert(null, "Nullable(String)")).isNull();
    }

    @Test
    void rowBinaryWritesLittleEndianNumbersLengthPrefixedStringsAndNullFlags() {
        byte[] bytes = new RowBinary(List.of("String", "Int32", "Nullable(Int64)", "Nullable(Int64)", "UInt8"))
                .row(Arrays.asList("hé", 258, null, 1L, true).toArray()).bytes();

        assertThat(bytes).containsExactly(
                3, 'h', (byte) 0xC3, (byte) 0xA9, // length 3 in UTF-8
                2, 1, 0, 0,                       // 258
                1,                                // null
                0, 1, 0, 0, 0, 0, 0, 0, 0,        // not null, 1
                1);                               // true
    }

    @Test
    void aLongStringsLengthIsAVarint() {
        byte[] bytes = new RowBinary(List.of("String")).row(new Object[] {"x".repeat(300)}).bytes();
        assertThat(Arrays.copyOf(bytes, 2)).containsExactly((byte) 0xAC, 0x02); // 300 = 0b10_0101100
        assertThat(bytes).hasSize(302);
    }
}
