package dev.playtrace.query;

import dev.playtrace.model.View;

import java.util.List;

/** A page of views plus how many match in all. */
public record ViewPage(List<View> views, long totalRowCount) {
    public ViewPage {
        views = List.copyOf(views);
    }
}
