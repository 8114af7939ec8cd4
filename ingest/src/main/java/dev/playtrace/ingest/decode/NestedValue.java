package dev.playtrace.ingest.decode;

/** Stands in a decoded event for a field whose value was a JSON object or array (skipped unread, then rejected). */
public enum NestedValue {
    OBJECT("an object"),
    ARRAY("an array");

    private final String description;

    NestedValue(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
