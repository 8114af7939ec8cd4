package dev.playtrace.ingest.pipeline;

import java.util.Optional;

/**
 * Finds the project that owns a public ingest key ({@code env_key}). The server backs it with its project store (and
 * a cache); it must be thread-safe. The ingestor calls it at most once per distinct key per batch.
 */
@FunctionalInterface
public interface IngestKeyResolver {
    /** @return the id of the project whose ingest key this is, or empty when the key belongs to no project */
    Optional<String> projectIdFor(String ingestKey);
}
