package dev.playtrace.server.collector;

import dev.playtrace.ingest.pipeline.IngestKeyResolver;
import dev.playtrace.model.Project;
import dev.playtrace.store.spi.ProjectRepository;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import static java.util.Objects.requireNonNull;

/**
 * Resolves ingest keys to projects, remembering known keys so the beacon hot path does not query the store per
 * request. Unknown keys are asked again each time (a project created later is found at once).
 */
public final class CachingIngestKeys implements IngestKeyResolver {
    private static final int MAX_CACHED_KEYS = 100_000;

    private final ProjectRepository projects;
    private final ConcurrentMap<String, String> projectIdByKey = new ConcurrentHashMap<>();

    public CachingIngestKeys(ProjectRepository projects) {
        this.projects = requireNonNull(projects, "projects is null");
    }

    @Override
    public Optional<String> projectIdFor(String ingestKey) {
        String cached = projectIdByKey.get(ingestKey);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<String> projectId = projects.findProjectByIngestKey(ingestKey).map(Project::id);
        if (projectId.isPresent() && projectIdByKey.size() < MAX_CACHED_KEYS) {
            projectIdByKey.put(ingestKey, projectId.get());
        }
        return projectId;
    }
}
