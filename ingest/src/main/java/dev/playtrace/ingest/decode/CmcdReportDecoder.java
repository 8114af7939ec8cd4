package dev.playtrace.ingest.decode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Reads a CMCD v2 event-mode body, one report per line ({@code application/cmcd}) or a JSON array of report objects,
 * into the long-form {@link DecodedBatch} the beacon pipeline validates. The ingest key comes from the URL, as CMCD
 * has no field for it. CMCD has no send time, so event times are not corrected for the device clock.
 *
 * <p>A body is one report per line, with or without a line feed after the last (CTA-5004-B separates reports by line
 * feeds; reporters differ on the last one), and every report of it is read. A report that is not valid CMCD becomes
 * a rejected event (its line among the non-blank lines, 0-based, is the index) while the others are kept; a body with
 * no valid report is refused whole. Thread-safe.
 */
public final class CmcdReportDecoder {
    static final String NO_CLOCK_CORRECTION =
            "CMCD reports carry no send time: event times (ts) are not corrected for the device clock";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEQUENCE_SLOTS_PER_MS = 1000;

    private final CmcdEventMapper mapper;

    public CmcdReportDecoder(BeaconLimits limits) {
        this.mapper = new CmcdEventMapper(requireNonNull(limits, "limits is null"));
    }

    /**
     * @param ingestKey the project's ingest key from the URL; null when the URL has none (refused as unknown)
     */
    public DecodedBatch decode(byte[] body, String ingestKey) throws BatchDecodeException {
        requireNonNull(body, "body is null");
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw new BatchDecodeException(BatchFailureKind.EMPTY, "body is empty: send at least one CMCD report");
        }
        List<Object> reports = text.startsWith("[") ? jsonReports(text) : textReports(text);

        // Every report of the body is read: the body limit bounds them, and a CMCD reporter does not read the
        // answer, so reports left unread would be lost (no batch cap as for /v1/beacons).
        List<RawEvent> events = new ArrayList<>();
        Set<String> warnings = new LinkedHashSet<>();
        warnings.add(NO_CLOCK_CORRECTION);
        int valid = 0;
        int skipped = 0;
        int withoutSequence = 0;
        String firstProblem = null;
        for (int index = 0; index < reports.size(); index++) {
            Object report = reports.get(index);
            if (report instanceof String problem) {
                events.add(RawEvent.notAnObject(index, "not a CMCD report (" + problem + ")"));
                firstProblem = firstProblem == null ? "report " + index + ": " + problem : firstProblem;
                continue;
            }
            valid++;
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) report;
            Long fallback = fields.containsKey("sn") ? null : sequenceFromTime(fields.get("ts"), index);
            Map<String, Object> event = mapper.toLongForm(fields, fallback, warnings);
            if (event == null) {
                skipped++;
            } else {
                withoutSequence += fallback != null ? 1 : 0;
                events.add(RawEvent.of(index, event));
            }
        }
        if (valid == 0) {
            throw new BatchDecodeException(BatchFailureKind.NOT_A_BATCH, "no valid CMCD report in the body; "
                    + firstProblem);
        }
        if (skipped > 0) {
            warnings.add(skipped + " preloading report(s) (sta=d) skipped: Playtrace records no event for them");
        }
        if (withoutSequence > 0) {
            warnings.add(withoutSequence + " report(s) without sn: their sequence number is ts \u00d7 1000 + their"
                    + " line in the body, so a body sent again is still recognized");
        }
        return new DecodedBatch(new BatchMetadata(null, ingestKey), events, events.size(), List.copyOf(warnings));
    }

    /**
     * The sequence number of a report without {@code sn} (CTA-5004-B does not require it): its time and its place
     * in the body, so reports keep their order and a body sent again repeats the same numbers (a duplicate).
     */
    static Long sequenceFromTime(Object ts, int index) {
        long ms = ts instanceof Long value ? value
                : ts instanceof BigDecimal value ? value.longValue()
                : -1;
        if (ms < 0 || ms > Long.MAX_VALUE / SEQUENCE_SLOTS_PER_MS - SEQUENCE_SLOTS_PER_MS) {
            return null;
        }
        return ms * SEQUENCE_SLOTS_PER_MS + index % SEQUENCE_SLOTS_PER_MS;
    }

    /** Each line parsed, or the String naming what is wrong with it. */
    private static List<Object> textReports(String text) {
        List<Object> reports = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                reports.add(CmcdLineParser.parse(line.strip()));
            } catch (CmcdSyntaxException e) {
                reports.add(e.getMessage());
            }
        }
        return reports;
    }

    private static List<Object> jsonReports(String text) throws BatchDecodeException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BatchDecodeException(BatchFailureKind.MALFORMED_JSON,
                    "the body starts with '[' but is not valid JSON: " + e.getOriginalMessage());
        }
        List<Object> reports = new ArrayList<>();
        for (JsonNode element : root) {
            reports.add(element.isObject() ? jsonReport(element) : "element is not a JSON object");
        }
        if (reports.isEmpty()) {
            throw new BatchDecodeException(BatchFailureKind.EMPTY, "the JSON array is empty: send at least one report");
        }
        return reports;
    }

    private static Object jsonReport(JsonNode object) {
        Map<String, Object> report = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            Object read;
            if (value.isArray()) {
                // a v2 inner list, as in the text form
                List<Object> items = new ArrayList<>();
                for (JsonNode item : value) {
                    Object scalar = scalar(item);
                    if (scalar == null) {
                        return "an item of \"" + field.getKey() + "\" is " + item.getNodeType().name().toLowerCase()
                                + ", expected a string, number or boolean";
                    }
                    items.add(scalar);
                }
                read = List.copyOf(items);
            } else {
                read = scalar(value);
                if (read == null && !value.isNull()) {
                    return "the value of \"" + field.getKey() + "\" is " + value.getNodeType().name().toLowerCase()
                            + ", expected a string, number or boolean";
                }
            }
            if (read != null) {
                report.put(field.getKey(), read);
            }
        }
        return report;
    }

    private static Object scalar(JsonNode value) {
        return value.isTextual() ? value.textValue()
                : value.isBoolean() ? (Object) value.booleanValue()
                : value.isIntegralNumber() && value.canConvertToLong() ? (Object) value.longValue()
                : value.isNumber() ? (Object) new BigDecimal(value.asText())
                : null;
    }
}
