package dev.playtrace.server.auth;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A failed check of an unknown id and of a known id with a wrong secret do the same store work. */
class EvenCostLookupTest {
    private static final Map<String, String> STORED_SECRETS = Map.of("tok_known", "right", "tok_other", "other");

    /** A hand-written store: remembers each lookup and whether it found a row. */
    private static final class RecordingStore {
        final List<String> lookedUp = new ArrayList<>();
        final List<Boolean> found = new ArrayList<>();

        Optional<String> find(String id) {
            lookedUp.add(id);
            Optional<String> secret = Optional.ofNullable(STORED_SECRETS.get(id));
            found.add(secret.isPresent());
            return secret;
        }
    }

    private static boolean secretIs(String presented, Optional<String> stored, List<Optional<String>> checked) {
        checked.add(stored);
        return presented.equals(stored.orElse("dummy-that-matches-nothing")) && stored.isPresent();
    }

    @Test
    void anUnknownIdAndAKnownIdWithAWrongSecretEachDoOneLookupThatFindsARowAndOneThatFindsNone() {
        RecordingStore store = new RecordingStore();
        EvenCostLookup<String> lookup = new EvenCostLookup<>(store::find);
        List<Optional<String>> checked = new ArrayList<>();

        assertThat(lookup.verified("tok_known", stored -> secretIs("wrong", stored, checked))).isEmpty();
        List<Boolean> knownIdFound = List.copyOf(store.found);
        store.found.clear();
        assertThat(lookup.verified("tok_guessed", stored -> secretIs("wrong", stored, checked))).isEmpty();
        List<Boolean> unknownIdFound = List.copyOf(store.found);

        assertThat(knownIdFound).containsExactlyInAnyOrder(true, false);
        assertThat(unknownIdFound).containsExactlyInAnyOrder(true, false);
        assertThat(store.lookedUp).hasSize(4).startsWith("tok_known").contains("tok_guessed");
        assertThat(store.lookedUp.get(3)).as("the unknown id's second lookup is of the last id found").isEqualTo("tok_known");
        // the secret is checked both times: against the stored secret, and against nothing (the caller's dummy)
        assertThat(checked).containsExactly(Optional.of("right"), Optional.empty());
    }

    @Test
    void aRightSecretReturnsTheCredentialAfterOneLookup() {
        RecordingStore store = new RecordingStore();
        EvenCostLookup<String> lookup = new EvenCostLookup<>(store::find);

        assertThat(lookup.verified("tok_other", stored -> secretIs("other", stored, new ArrayList<>()))).contains("other");
        assertThat(store.lookedUp).containsExactly("tok_other");
    }

    @Test
    void anUnknownIdBeforeAnyIdWasFoundLooksUpTwiceAndFindsNothing() {
        RecordingStore store = new RecordingStore();
        EvenCostLookup<String> lookup = new EvenCostLookup<>(store::find);

        assertThat(lookup.verified("tok_guessed", stored -> secretIs("wrong", stored, new ArrayList<>()))).isEmpty();
        assertThat(store.found).containsExactly(false, false);
    }
}
