package dev.playtrace.bench.run;

import java.util.ArrayList;
import java.util.List;

/** One part of the report: what was measured and how, its table, and remarks found while measuring. */
final class Section {
    private final String title;
    private final String method;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> remarks = new ArrayList<>();

    Section(String title, String method) {
        this.title = title;
        this.method = method;
    }

    Section row(Row row) {
        rows.add(row);
        return this;
    }

    Section remark(String remark) {
        remarks.add(remark);
        return this;
    }

    String title() {
        return title;
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("## ").append(title).append("\n\n").append(method).append("\n\n");
        if (rows.isEmpty() && remarks.isEmpty()) {
            return out.toString(); // a part that was skipped says so in its method line
        }
        out.append("| measure | value | baseline | baseline value | ratio | goal | met |\n");
        out.append("|---|---:|---|---:|---:|---|---|\n");
        for (Row row : rows) {
            out.append("| ").append(String.join(" | ", row.measure(), row.value(), row.baseline(), row.baselineValue(),
                    row.ratio(), row.goal(), row.goalMet())).append(" |\n");
        }
        if (!remarks.isEmpty()) {
            out.append('\n');
            remarks.forEach(remark -> out.append("- ").append(remark).append('\n'));
        }
        return out.append('\n').toString();
    }
}
