package dev.playtrace.store.spi;

/**
 * Opens the stores of one URL scheme ({@code duckdb:./data/playtrace.duckdb}). Implementations are found with
 * {@link java.util.ServiceLoader} (a {@code META-INF/services/dev.playtrace.store.spi.StoreProvider} entry in the
 * store's jar); {@link PlaytraceStores#open(String)} picks one by scheme.
 */
public interface StoreProvider {
    /** The URL scheme this provider opens, without the colon ({@code duckdb}). */
    String scheme();

    /**
     * Opens (creating it if needed) the store at the part of the URL after {@code scheme:}.
     *
     * @throws dev.playtrace.model.PlaytraceException {@code STORE_FAILURE} when it cannot be opened
     */
    PlaytraceStore open(String location);
}
