package dev.playtrace.ingest.pipeline;

import dev.playtrace.ingest.decode.BeaconLimits;
import dev.playtrace.ingest.decode.ClockCorrection;
import dev.playtrace.ingest.decode.CoreFields;
import dev.playtrace.ingest.decode.FieldResult;
import dev.playtrace.ingest.decode.FieldType;
import dev.playtrace.ingest.decode.KnownFields;
import dev.playtrace.ingest.decode.RejectReason;
import dev.playtrace.model.BeaconFields;
import dev.playtrace.model.EventName;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The steps of {@link IngestPipeline#standard()}, in order. */
final class StandardSteps {

    static final IngestStep CHECK_SHAPE = IngestStep.of("check_shape", StandardSteps::checkShape);
    static final IngestStep RESOLVE_PROJECT = IngestStep.of("resolve_project", StandardSteps::resolveProject);
    static final IngestStep READ_IDENTITY = IngestStep.of("read_identity", StandardSteps::readIdentity);
    static final IngestStep CORRECT_CLOCK = IngestStep.of("correct_clock", StandardSteps::correctClock);
    static final IngestStep READ_PLAYHEAD = IngestStep.of("read_playhead", StandardSteps::readPlayhead);
    static final IngestStep CHECK_FIELDS = IngestStep.of("check_fields", StandardSteps::checkFields);
    static final IngestStep ENRICH = IngestStep.of("enrich", StandardSteps::enrich);

    static final List<IngestStep> ALL = List.of(
            CHECK_SHAPE, RESOLVE_PROJECT, READ_IDENTITY, CORRECT_CLOCK, READ_PLAYHEAD, CHECK_FIELDS, ENRICH);

    private StandardSteps() {
    }

    private static StepResult checkShape(EventDraft event, BatchScope batch) {
        if (!event.raw().isObject()) {
            return StepResult.dropped(RejectReason.NOT_AN_OBJECT, null,
                    "event is " + event.raw().notAnObjectDescription() + ", expected an object");
        }
        BeaconLimits limits = batch.limits();
        Map<String, Object> fields = event.raw().fields();
        if (fields.size() > limits.maxFieldsPerEvent()) {
            return StepResult.dropped(RejectReason.TOO_MANY_FIELDS, null, "event has " + fields.size()
                    + " fields, at most " + limits.maxFieldsPerEvent() + " are accepted");
        }
        for (String field : fields.keySet()) {
            if (field.isEmpty()) {
                return StepResult.dropped(RejectReason.INVALID_VALUE, field, "a field name must not be empty");
            }
            if (field.length() > limits.maxFieldNameLength()) {
                return StepResult.dropped(RejectReason.TOO_LONG, field.substring(0, limits.maxFieldNameLength()) + "...",
                        "field name is " + field.length() + " characters long, at most "
                                + limits.maxFieldNameLength() + " are accepted");
            }
        }
        return StepResult.CONTINUE;
    }

    private static StepResult resolveProject(EventDraft event, BatchScope batch) {
        FieldResult<String> key = CoreFields.envKey(event.rawField(BeaconFields.ENV_KEY));
        if (key instanceof FieldResult.Invalid<?> invalid) {
            return StepResult.dropped(RejectReason.UNKNOWN_INGEST_KEY, BeaconFields.ENV_KEY, invalid.message());
        }
        String ingestKey = key.value();
        if (ingestKey == null) {
            ingestKey = batch.metadata().envKey();
        }
        if (ingestKey == null || ingestKey.isEmpty()) {
            return StepResult.dropped(RejectReason.UNKNOWN_INGEST_KEY, BeaconFields.ENV_KEY,
                    "env_key is required, on the event or in metadata");
        }
        Optional<String> projectId = batch.projectIdFor(ingestKey);
        if (projectId.isEmpty()) {
            return StepResult.dropped(RejectReason.UNKNOWN_INGEST_KEY, BeaconFields.ENV_KEY,
                    "env_key is not the ingest key of any project");
        }
        event.projectId = projectId.get();
        return StepResult.CONTINUE;
    }

    private static StepResult readIdentity(EventDraft event, BatchScope batch) {
        FieldResult<EventName> name = CoreFields.eventName(event.rawField(BeaconFields.EVENT));
        if (name instanceof FieldResult.Invalid<?> invalid) {
            return StepResult.dropped(BeaconFields.EVENT, invalid);
        }
        FieldResult<String> viewId = CoreFields.viewId(event.rawField(BeaconFields.VIEW_ID), batch.limits());
        if (viewId instanceof FieldResult.Invalid<?> invalid) {
            return StepResult.dropped(BeaconFields.VIEW_ID, invalid);
        }
        FieldResult<Long> sequence = CoreFields.sequenceNumber(event.rawField(BeaconFields.VIEW_SEQUENCE_NUMBER));
        if (sequence instanceof FieldResult.Invalid<?> invalid) {
            return StepResult.dropped(BeaconFields.VIEW_SEQUENCE_NUMBER, invalid);
        }
        event.name = name.value();
        event.viewId = viewId.value();
        event.sequenceNumber = sequence.value();
        return StepResult.CONTINUE;
    }

    private static StepResult correctClock(EventDraft event, BatchScope batch) {
        FieldResult<Long> viewerTime = CoreFields.viewerTime(event.rawField(BeaconFields.VIEWER_TIME));
        if (viewerTime instanceof FieldResult.Invalid<?> invalid) {
            return StepResult.dropped(BeaconFields.VIEWER_TIME, invalid);
        }
        long viewerTimeMs = viewerTime.value();
        FieldResult<Long> eventTime = ClockCorrection.eventTime(viewerTimeMs, batch.clockOffsetMs(),
                batch.context().receivedAtMs(), batch.limits());
        if (eventTime instanceof FieldResult.Invalid<?> invalid) {
            return StepResult.dropped(BeaconFields.VIEWER_TIME, invalid);
        }
        event.viewerTimeMs = viewerTimeMs;
        event.eventTimeMs = eventTime.value();
        return StepResult.CONTINUE;
    }

    private static StepResult readPlayhead(EventDraft event, BatchScope batch) {
        FieldResult<Long> playhead = CoreFields.playheadTime(event.rawField(BeaconFields.PLAYER_PLAYHEAD_TIME));
        if (playhead instanceof FieldResult.Invalid<?> invalid) {
            return StepResult.dropped(BeaconFields.PLAYER_PLAYHEAD_TIME, invalid);
        }
        event.playheadMs = playhead.value();
        return StepResult.CONTINUE;
    }

    private static StepResult checkFields(EventDraft event, BatchScope batch) {
        Map<String, Object> fields = event.fields();
        for (Map.Entry<String, Object> entry : event.raw().fields().entrySet()) {
            String field = entry.getKey();
            if (KnownFields.CORE.contains(field)) {
                continue;
            }
            Optional<FieldType> type = KnownFields.typeOf(field);
            FieldResult<Object> result = type.isPresent()
                    ? type.get().check(field, entry.getValue(), batch.limits())
                    : FieldType.checkUnknown(field, entry.getValue(), batch.limits());
            if (result instanceof FieldResult.Invalid<?> invalid) {
                return StepResult.dropped(field, invalid);
            }
            if (type.isEmpty()) {
                batch.noteUnknownField(field);
            }
            fields.put(field, result.value());
        }
        return StepResult.CONTINUE;
    }

    private static StepResult enrich(EventDraft event, BatchScope batch) {
        batch.enrichment().applyTo(event.fields());
        return StepResult.CONTINUE;
    }
}
