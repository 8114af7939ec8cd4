package dev.playtrace.ingest.decode;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a key compressed by mux-embed ({@code xid}, {@code pphti}, {@code c1}) back into its long-form name
 * ({@code view_id}, {@code player_playhead_time}, {@code custom_1}), with the dictionaries of mux-embed 5.19.0.
 *
 * <p>mux-embed writes the first word of {@code word1_word2_...} as one character and each later word as two;
 * digits stay digits, an unknown later word is written {@code _word_} and an unknown first word {@code word_}.
 */
public final class MuxKeyExpander {
    private static final Map<Character, String> FIRST_WORDS = firstWords();
    private static final Map<String, String> LATER_WORDS = laterWords();

    private MuxKeyExpander() {
    }

    /** The long-form name of a compressed key; empty when the key is not a complete compressed key. */
    public static Optional<String> expand(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.empty();
        }
        String first = FIRST_WORDS.get(key.charAt(0));
        if (first != null) {
            Optional<String> expanded = expandLaterWords(first, key, 1);
            if (expanded.isPresent()) {
                return expanded;
            }
        }
        int underscore = key.indexOf('_');
        if (underscore > 0) {
            return expandLaterWords(key.substring(0, underscore), key, underscore + 1);
        }
        return Optional.empty();
    }

    private static Optional<String> expandLaterWords(String firstWord, String key, int from) {
        StringBuilder name = new StringBuilder(firstWord);
        int i = from;
        while (i < key.length()) {
            char c = key.charAt(i);
            int end;
            String word;
            if (c >= '0' && c <= '9') {
                end = i;
                while (end < key.length() && key.charAt(end) >= '0' && key.charAt(end) <= '9') {
                    end++;
                }
                word = key.substring(i, end);
            }
            else if (c == '_') {
                int close = key.indexOf('_', i + 1);
                if (close <= i + 1) {
                    return Optional.empty();
                }
                word = key.substring(i + 1, close);
                end = close + 1;
            }
            else {
                end = i + 2;
                word = end <= key.length() ? LATER_WORDS.get(key.substring(i, end)) : null;
                if (word == null) {
                    return Optional.empty();
                }
            }
            name.append('_').append(word);
            i = end;
        }
        return Optional.of(name.toString());
    }

    private static Map<Character, String> firstWords() {
        String[] pairs = {
            "a", "env", "b", "beacon", "c", "custom", "d", "ad", "e", "event", "f", "experiment", "i", "internal",
            "m", "mux", "n", "response", "p", "player", "q", "request", "r", "retry", "s", "session",
            "t", "timestamp", "u", "viewer", "v", "video", "w", "page", "x", "view", "y", "sub"
        };
        Map<Character, String> words = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            words.put(pairs[i].charAt(0), pairs[i + 1]);
        }
        return Map.copyOf(words);
    }

    private static Map<String, String> laterWords() {
        String[] pairs = {
            "ad", "ad", "af", "affiliate", "ag", "aggregate", "ap", "api", "al", "application", "ao", "audio",
            "ar", "architecture", "as", "asset", "au", "autoplay", "av", "average", "bi", "bitrate", "bn", "brand",
            "br", "break", "bw", "browser", "by", "bytes", "bz", "business", "ca", "cached", "cb", "cancel",
            "cc", "codec", "cd", "code", "cg", "category", "ch", "changed", "ci", "client", "cj", "channels",
            "ck", "clicked", "cl", "canceled", "cm", "cmcd", "cn", "config", "co", "count", "ce", "counter",
            "cp", "complete", "cq", "creator", "cr", "creative", "cs", "captions", "ct", "content", "cu", "current",
            "cv", "cumulative", "cx", "connection", "cz", "context", "da", "data", "dg", "downscaling",
            "dm", "domain", "dn", "cdn", "do", "downscale", "dr", "drm", "dp", "dropped", "du", "duration",
            "dv", "device", "dy", "dynamic", "eb", "enabled", "ec", "encoding", "ed", "edge", "en", "end",
            "eg", "engine", "em", "embed", "er", "error", "ep", "experiments", "es", "errorcode", "et", "errortext",
            "ee", "event", "ev", "events", "ex", "expires", "ez", "exception", "fa", "failed", "fi", "first",
            "fm", "family", "ft", "format", "fp", "fps", "fq", "frequency", "fr", "frame", "fs", "fullscreen",
            "ha", "has", "hb", "holdback", "he", "headers", "ho", "host", "hn", "hostname", "ht", "height",
            "id", "id", "ii", "init", "in", "instance", "ip", "ip", "is", "is", "ke", "key", "la", "language",
            "lb", "labeled", "le", "level", "li", "live", "ld", "loaded", "lo", "load", "lw", "low", "ls", "lists",
            "lt", "latency", "ma", "max", "md", "media", "me", "message", "mf", "manifest", "mi", "mime",
            "ml", "midroll", "mm", "min", "mn", "manufacturer", "mo", "model", "mp", "mode", "ms", "ms", "mx", "mux",
            "ne", "newest", "nm", "name", "no", "number", "on", "on", "or", "origin", "os", "os", "pa", "paused",
            "pb", "playback", "pd", "producer", "pe", "percentage", "pf", "played", "pg", "program",
            "ph", "playhead", "pi", "plugin", "pl", "preroll", "pn", "playing", "po", "poster", "pp", "pip",
            "pr", "preload", "ps", "position", "pt", "part", "pv", "previous", "py", "property", "px", "pop",
            "pz", "plan", "ra", "rate", "rd", "requested", "re", "rebuffer", "rf", "rendition", "rg", "range",
            "rm", "remote", "ro", "ratio", "rp", "response", "rq", "request", "rs", "requests", "sa", "sample",
            "sd", "skipped", "se", "session", "sh", "shift", "si", "sid", "sk", "seek", "sm", "stream",
            "so", "source", "sq", "sequence", "sr", "series", "ss", "status", "st", "start", "su", "startup",
            "sv", "server", "sw", "software", "sy", "severity", "ta", "tag", "tc", "tech", "te", "text",
            "tg", "target", "th", "throughput", "ti", "time", "tl", "total", "to", "to", "tr", "track",
            "tt", "title", "ty", "type", "ug", "upscaling", "un", "universal", "up", "upscale", "ur", "url",
            "us", "user", "va", "variant", "vd", "viewed", "vi", "video", "ve", "version", "vw", "view",
            "vr", "viewer", "wd", "width", "wa", "watch", "wt", "waiting"
        };
        Map<String, String> words = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            words.put(pairs[i], pairs[i + 1]);
        }
        return Map.copyOf(words);
    }
}
