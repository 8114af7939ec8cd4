package dev.playtrace.server.dashboard;

import dev.playtrace.server.ProjectAdmin;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
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
        routing.get("/", secured(dashboard.file("index.html")));
        routing.get("/index.html", secured(dashboard.file("index.html")));
        // before the dashboard's own prefix, which contains it
        routing.get(UPLOT_PREFIX + "*", secured(new ClasspathAssets(uplotRoot()).underPrefix(UPLOT_PREFIX)));
        routing.get(ASSET_PREFIX + "*", secured(dashboard.underPrefix(ASSET_PREFIX)));
    }

    /**
     * The dashboard's browser protections: only its own scripts and API (no inline script, so an injected string
     * cannot run), never inside a frame (the page holds a token: no clickjacking), no content sniffing. Inline
     * styles are allowed: the charts and tables size and colour elements from script ({@code element.style}), and a
     * style cannot run code. {@code img-src data:} is the empty favicon.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";

    private static Handler secured(Handler handler) {
        return (request, response) -> {
            response.header(CSP, CONTENT_SECURITY_POLICY);
            response.header(X_FRAME_OPTIONS, "DENY");
            response.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
            response.header(REFERRER_POLICY, "no-referrer");
            handler.handle(request, response);
        };
    }

    private static final HeaderName CSP = HeaderNames.create("Content-Security-Policy");
    private static final HeaderName X_FRAME_OPTIONS = HeaderNames.create("X-Frame-Options");
    private static final HeaderName REFERRER_POLICY = HeaderNames.create("Referrer-Policy");

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
