package dev.playtrace.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where an encoding job is: {@code waiting → running → complete | failure | canceled}; every other transition is
 * refused.
 */
public enum EncodingJobStatus {
    WAITING, RUNNING, COMPLETE, FAILURE, CANCELED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return switch (this) {
            case WAITING, RUNNING -> false;
            case COMPLETE, FAILURE, CANCELED -> true;
        };
    }

    public boolean canMoveTo(EncodingJobStatus next) {
        return switch (this) {
            case WAITING -> next == RUNNING;
            case RUNNING -> next.isFinal();
            case COMPLETE, FAILURE, CANCELED -> false;
        };
    }

    public static Optional<EncodingJobStatus> byName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(status -> status.wireName().equals(wanted)).findFirst();
    }
}
