package dev.playtrace.server.auth;

import dev.playtrace.server.TokenSecrets;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * Finds the stored credential of the id a client presents (a token id, an access key, a user name) and checks the
 * secret against it, so that a failed check costs the same whether the id exists or not. The secret check already
 * compares an unknown id against a dummy ({@link TokenSecrets#matchesStored}); what still told them apart is the store
 * lookup: one that finds a row reads and maps it, one that finds none does not (40-110 µs at the median, issue 19).
 * So every failure does one lookup that finds a row and one that finds none: an unknown id is followed by a lookup of
 * the last id this lookup found, a known id with a wrong secret by a lookup of an id never stored. Successes do one.
 *
 * <p>Until some id has been found since start, an unknown id's second lookup finds nothing either; the first real
 * request (or a guess at a known id) ends that.
 *
 * @param <T> the stored credential
 */
public final class EvenCostLookup<T> {
    /** No id is ever stored with a NUL character in it. */
    private static final String NEVER_STORED_ID = "\u0000never-stored-" + TokenSecrets.random("", 12);

    private final Function<String, Optional<T>> lookup;
    private final AtomicReference<String> lastFoundId = new AtomicReference<>(NEVER_STORED_ID);

    public EvenCostLookup(Function<String, Optional<T>> lookup) {
        this.lookup = requireNonNull(lookup, "lookup is null");
    }

    /**
     * The credential stored for {@code id} if {@code secretMatches} accepts it; empty when the id is unknown or the
     * secret wrong. {@code secretMatches} is given the lookup's result, empty for an unknown id, and must cost the same
     * either way (compare against a dummy when empty).
     */
    public Optional<T> verified(String id, Predicate<Optional<T>> secretMatches) {
        requireNonNull(id, "id is null");
        Optional<T> found = lookup.apply(id);
        if (found.isPresent()) {
            lastFoundId.set(id);
        }
        if (secretMatches.test(found) && found.isPresent()) {
            return found;
        }
        lookup.apply(found.isPresent() ? NEVER_STORED_ID : lastFoundId.get());
        return Optional.empty();
    }
}
