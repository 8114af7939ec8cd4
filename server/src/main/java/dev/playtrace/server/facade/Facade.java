package dev.playtrace.server.facade;

import dev.playtrace.model.Project;
import io.helidon.webserver.http.HttpRouting;

import java.util.List;
import java.util.Map;

/**
 * A vendor-compatible API (NCP, SmartSight, api.video): a parser of requests into {@link dev.playtrace.query.Query}
 * values and a formatter of results, plus the keys each project gets for it. It never writes SQL or computes a metric.
 */
public interface Facade {
    /** Registers this API's routes. */
    void register(HttpRouting.Builder routing);

    /**
     * Creates (or, with values fixed by environment variables, re-creates) this API's keys for a project and
     * returns them in clear text, once, for the operator. Idempotent when the environment fixes the values.
     *
     * @param environment the process environment (only the composition root and CLI pass it)
     */
    default List<IssuedKey> issueKeys(Project project, Map<String, String> environment) {
        return List.of();
    }

    /** One key in clear text as printed to the operator, e.g. {@code ("VPE API key", "abc", "PLAYTRACE_VPE_API_KEY")}. */
    record IssuedKey(String label, String value, String environmentVariable) {
    }
}
