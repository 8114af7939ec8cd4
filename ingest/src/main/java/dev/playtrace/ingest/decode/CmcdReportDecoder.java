package dev.playtrace.ingest.decode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Reads a CMCD v2 event-mode body, one report per line ({@code application/cmcd}) or a JSON array of report objects,
 * into the long-form {@link DecodedBatch} the beacon pipeline validates. The ingest key comes from the URL, as CMCD
 * has no field for it. CMCD has no send time, so event times are not corrected for the device clock.
 *
 * <p>A report that is not valid CMCD becomes a rejected event (its line, 0-based, is the index) while the others are
 * kept; a body with no valid report is refused whole. Thread-safe.
 */
public final class CmcdReportDecoder {
    static final String NO_CLOCK_CORRECTION =
            "CMCD reports carry no send time: event times (ts) are not corrected for the device clock";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BeaconLimits limits;

    public CmcdReportDecoder(BeaconLimits limits) {
        this.limits = requireNonNull(limits, "limits is null");
    }

    /** @param ingestKey the project's ingest key from the URL; null when the URL has none (then 401) */
    public DecodedBatch decode(byte[] body, String ingestKey) throws BatchDecodeException {
        requireNonNull(body, "body is null");
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw new BatchDecodeException(BatchFailureKind.EMPTY, "body is empty: send at least one CMCD report");
        }
        List<Object> reports = text.startsWith("[") ? jsonReports(text) : textReports(text);

        List<RawEvent> events = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        warnings.add(NO_CLOCK_CORRECTION);
        int valid = 0;
        int skipped = 0;
        String firstProblem = null;
        for (int index = 0; index < reports.size() && index < limits.maxEventsPerBatch(); index++) {
            Object report = reports.get(index);
            if (report instanceof String problem) {
                events.add(RawEvent.notAnObject(index, "not a CMCD report (" + problem + ")"));
                firstProblem = firstProblem == null ? "report " + index + ": " + problem : firstProblem;
                continue;
            }
            valid++;
            @SuppressWarnings("unchecked")
            Map<String, Object> event = CmcdEventMapper.toLongForm((Map<String, Object>) report);
            if (event == null) {
                skipped++;
            } else {
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
        return new DecodedBatch(new BatchMetadata(null, ingestKey), events,
                events.size() + Math.max(0, reports.size() - limits.maxEventsPerBatch()), warnings);
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
            if (value.isArray()) {
                // a v2 inner list: its first item stands for the key, as in the text form
                value = value.isEmpty() ? null : value.get(0);
            }
            Object scalar = value == null || value.isNull() ? null
                    : value.isTextual() ? value.textValue()
                    : value.isBoolean() ? (Object) value.booleanValue()
                    : value.isIntegralNumber() && value.canConvertToLong() ? (Object) value.longValue()
                    : value.isNumber() ? (Object) new BigDecimal(value.asText())
                    : null;
            if (scalar == null && value != null && !value.isNull()) {
                return "the value of \"" + field.getKey() + "\" is " + value.getNodeType().name().toLowerCase()
                        + ", expected a string, number or boolean";
            }
            if (scalar != null) {
                report.put(field.getKey(), scalar);
            }
        }
        return report;
    }
}
