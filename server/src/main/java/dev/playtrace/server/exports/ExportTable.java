package dev.playtrace.server.exports;

import dev.playtrace.query.sql.ExportSqlGenerator;
import dev.playtrace.query.sql.ViewSelection;
import dev.playtrace.store.spi.ExportQuery;

import java.util.Locale;

/** What an export holds: the selected views, or every event of the selected views. */
public enum ExportTable {
    VIEWS,
    EVENTS;

    /** {@code views} or {@code events}: the route's last segment and the daily file's name. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public ExportQuery query(ExportSqlGenerator generator, ViewSelection selection) {
        return switch (this) {
            case VIEWS -> generator.views(selection);
            case EVENTS -> generator.events(selection);
        };
    }
}
