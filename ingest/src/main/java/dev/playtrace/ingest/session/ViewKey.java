package dev.playtrace.ingest.session;

/** Identifies a view across projects: view ids are only unique within a project. */
record ViewKey(String projectId, String viewId) {
}
