package dev.playtrace.store.spi;

import java.util.List;

/**
 * Writes the rows of generated SELECTs to files with the store's own writers (DuckDB: {@code COPY (SELECT ...) TO
 * file}), never holding the rows in the JVM: a store streams them from its tables to the file.
 */
public interface ExportRepository {
    /**
     * Writes every target's rows to its file, all read from one snapshot of the store (a manifest listing several
     * files describes one consistent state), and returns how many rows each file got, in target order. A file that
     * exists is replaced; on failure, files may be partly written (callers write to temporary names and rename).
     */
    List<Long> write(List<ExportTarget> targets);
}
