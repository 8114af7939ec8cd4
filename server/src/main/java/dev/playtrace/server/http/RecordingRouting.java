package dev.playtrace.server.http;

import io.helidon.http.Method;
import io.helidon.http.PathMatcher;
import io.helidon.webserver.http.ErrorHandler;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpSecurity;
import io.helidon.webserver.http.HttpService;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Helidon's routing builder with a list of what was registered on it: every route is passed on to the real builder
 * and recorded as its method and path pattern, so the server can say which routes it serves (the route-walk test
 * sends bad parameters to each; a route added later cannot be forgotten there). A route registered without a method
 * and a path pattern (a raw {@link HttpRoute}, a service, a filter) is recorded as {@link Route#UNLISTED}, which that
 * test refuses: register routes with {@code get}, {@code post}, ... and a path.
 */
public final class RecordingRouting implements HttpRouting.Builder {
    /** One registered route; {@code method} is {@code ANY} for routes of every method. */
    public record Route(String method, String pathPattern) {
        public static final Route UNLISTED = new Route("?", "?");

        public Route {
            requireNonNull(method, "method is null");
            requireNonNull(pathPattern, "pathPattern is null");
        }

        @Override
        public String toString() {
            return method + " " + pathPattern;
        }
    }

    private final HttpRouting.Builder delegate;
    private final List<Route> routes = new ArrayList<>();

    public RecordingRouting(HttpRouting.Builder delegate) {
        this.delegate = requireNonNull(delegate, "delegate is null");
    }

    /** The routes registered so far, in registration order (the order Helidon matches them in). */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    private HttpRouting.Builder record(String method, String pathPattern) {
        routes.add(new Route(method, pathPattern));
        return this;
    }

    @Override
    public HttpRouting.Builder get(String pathPattern, Handler... handlers) {
        delegate.get(pathPattern, handlers);
        return record("GET", pathPattern);
    }

    @Override
    public HttpRouting.Builder post(String pathPattern, Handler... handlers) {
        delegate.post(pathPattern, handlers);
        return record("POST", pathPattern);
    }

    @Override
    public HttpRouting.Builder put(String pathPattern, Handler... handlers) {
        delegate.put(pathPattern, handlers);
        return record("PUT", pathPattern);
    }

    @Override
    public HttpRouting.Builder delete(String pathPattern, Handler... handlers) {
        delegate.delete(pathPattern, handlers);
        return record("DELETE", pathPattern);
    }

    @Override
    public HttpRouting.Builder head(String pathPattern, Handler... handlers) {
        delegate.head(pathPattern, handlers);
        return record("HEAD", pathPattern);
    }

    @Override
    public HttpRouting.Builder options(String pathPattern, Handler... handlers) {
        delegate.options(pathPattern, handlers);
        return record("OPTIONS", pathPattern);
    }

    @Override
    public HttpRouting.Builder trace(String pathPattern, Handler... handlers) {
        delegate.trace(pathPattern, handlers);
        return record("TRACE", pathPattern);
    }

    @Override
    public HttpRouting.Builder patch(String pathPattern, Handler... handlers) {
        delegate.patch(pathPattern, handlers);
        return record("PATCH", pathPattern);
    }

    @Override
    public HttpRouting.Builder any(String pathPattern, Handler... handlers) {
        delegate.any(pathPattern, handlers);
        return record("ANY", pathPattern);
    }

    @Override
    public HttpRouting.Builder route(Method method, String pathPattern, Handler handler) {
        delegate.route(method, pathPattern, handler);
        return record(method.text(), pathPattern);
    }

    @Override
    public HttpRouting.Builder route(Method method, PathMatcher pathMatcher, Handler handler) {
        delegate.route(method, pathMatcher, handler);
        return record(Route.UNLISTED.method(), Route.UNLISTED.pathPattern());
    }

    @Override
    public HttpRouting.Builder route(Predicate<Method> methodPredicate, PathMatcher pathMatcher, Handler handler) {
        delegate.route(methodPredicate, pathMatcher, handler);
        return record(Route.UNLISTED.method(), Route.UNLISTED.pathPattern());
    }

    @Override
    public HttpRouting.Builder route(HttpRoute route) {
        delegate.route(route);
        return record(Route.UNLISTED.method(), Route.UNLISTED.pathPattern());
    }

    @Override
    public HttpRouting.Builder register(HttpService... service) {
        delegate.register(service);
        return record(Route.UNLISTED.method(), Route.UNLISTED.pathPattern());
    }

    @Override
    public HttpRouting.Builder register(String path, HttpService... service) {
        delegate.register(path, service);
        return record(Route.UNLISTED.method(), Route.UNLISTED.pathPattern());
    }

    @Override
    public HttpRouting.Builder addFilter(Filter filter) {
        delegate.addFilter(filter);
        return record(Route.UNLISTED.method(), Route.UNLISTED.pathPattern());
    }

    @Override
    public HttpRouting.Builder addFeature(Supplier<? extends HttpFeature> feature) {
        delegate.addFeature(feature);
        return record(Route.UNLISTED.method(), Route.UNLISTED.pathPattern());
    }

    @Override
    public <T extends Throwable> HttpRouting.Builder error(Class<T> exceptionClass, ErrorHandler<? super T> handler) {
        delegate.error(exceptionClass, handler);
        return this;
    }

    @Override
    public HttpRouting.Builder maxReRouteCount(int maxReRouteCount) {
        delegate.maxReRouteCount(maxReRouteCount);
        return this;
    }

    @Override
    public HttpRouting.Builder security(HttpSecurity security) {
        delegate.security(security);
        return this;
    }

    /** Not supported: give Helidon the builder this one wraps. */
    @Override
    public HttpRouting.Builder copy() {
        throw new UnsupportedOperationException("give Helidon the routing builder this one wraps");
    }

    /** Not supported: give Helidon the builder this one wraps. */
    @Override
    public HttpRouting build() {
        throw new UnsupportedOperationException("give Helidon the routing builder this one wraps");
    }
}
