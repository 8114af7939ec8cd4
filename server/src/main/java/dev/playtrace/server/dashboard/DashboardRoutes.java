package dev.playtrace.server.dashboard;

import dev.playtrace.server.ProjectAdmin;
import io.helidon.webserver.http.HttpRouting;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import static java.util.Objects.requireNonNull;

/**
 * The web dashboard at {@code /}: static pages (plain ES modules, no build step) that read only the public API under
 * {@code /data/v1}, plus uPlot from its WebJar. Only GET is routed here, so {@code POST /} stays the mux-embed
 * beacon alias.
 */
public final class DashboardRoutes {
    static final String ASSET_PREFIX = "/dashboard/";
    static final String UPLOT_PREFIX = "/dashboard/vendor/uplot/";
    private static final String ASSET_ROOT = "dashboard/";
    private static final String UPLOT_POM_PROPERTIES = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

    private final ProjectAdmin.Credentials defaultProject;

    public DashboardRoutes(ProjectAdmin.Credentials defaultProject) {
        this.defaultProject = requireNonNull(defaultProject, "defaultProject is null");
    }

    public void register(HttpRouting.Builder routing) {
        ClasspathAssets dashboard = new ClasspathAssets(ASSET_ROOT);
        routing.get("/", dashboard.file("index.html"));
        routing.get("/index.html", dashboard.file("index.html"));
        // before the dashboard's own prefix, which contains it
        routing.get(UPLOT_PREFIX + "*", new ClasspathAssets(uplotRoot()).underPrefix(UPLOT_PREFIX));
        routing.get(ASSET_PREFIX + "*", dashboard.underPrefix(ASSET_PREFIX));
    }

    /** uPlot's files in its WebJar, whose folder names the version the build resolved. */
    private static String uplotRoot() {
        try (InputStream in = DashboardRoutes.class.getClassLoader().getResourceAsStream(UPLOT_POM_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("the uPlot WebJar (org.webjars.npm:uplot) is missing from the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            return "META-INF/resources/webjars/uplot/" + properties.getProperty("version") + "/dist/";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The link that opens the dashboard signed in with the default project's token (the token is in the fragment,
     * which browsers never send).
     */
    public String signedInLink(int port) {
        return "http://localhost:" + port + "/#token=" + defaultProject.tokenId() + ":" + defaultProject.tokenSecret();
    }
}
