package dev.playtrace.store.spi;

import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;

import java.util.List;
import java.util.ServiceLoader;

import static java.util.Objects.requireNonNull;

/** Opens a store from its URL ({@code scheme:location}) with the {@link StoreProvider} of that scheme on the class path. */
public final class PlaytraceStores {
    private PlaytraceStores() {
    }

    public static PlaytraceStore open(String url) {
        requireNonNull(url, "url is null");
        int colon = url.indexOf(':');
        if (colon <= 0) {
            throw new PlaytraceException(ErrorCode.INVALID_PARAMETER,
                    "a store URL is scheme:location (duckdb:./data/playtrace.duckdb), was '" + url + "'");
        }
        String scheme = url.substring(0, colon);
        List<StoreProvider> providers = ServiceLoader.load(StoreProvider.class).stream().map(ServiceLoader.Provider::get).toList();
        return providers.stream()
                .filter(provider -> provider.scheme().equals(scheme))
                .findFirst()
                .orElseThrow(() -> new PlaytraceException(ErrorCode.INVALID_PARAMETER, "no store for the URL scheme '"
                        + scheme + "'; known schemes: " + providers.stream().map(StoreProvider::scheme).sorted().toList()))
                .open(url.substring(colon + 1));
    }
}
