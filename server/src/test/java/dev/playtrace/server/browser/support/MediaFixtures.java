package dev.playtrace.server.browser.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test media made with ffmpeg from {@code lavfi testsrc} (video) and {@code sine} (audio), once per build
 * directory: the first caller encodes into {@code <build dir>/browser-media/}, later callers (other test classes,
 * later runs) find it there. Headless Chromium plays all of it, the HLS ladder through hls.js.
 *
 * <p>What is made (all 20 s, 25 fps, H.264 Main + AAC-LC 48 kHz, a keyframe every 2 s):
 * <ul>
 *   <li>{@value #PROGRESSIVE_MP4}: 640x360 at ~800 kbit/s, {@code +faststart} (moov first, so playback starts
 *       before the whole file is loaded).</li>
 *   <li>{@value #HLS_MASTER}: master playlist over three VOD renditions, each {@code hls/<name>/index.m3u8} with ten
 *       2 s MPEG-TS segments {@code seg_000.ts} .. {@code seg_009.ts}, constant bitrate (x264 {@code nal-hrd=cbr}
 *       filler) so segment sizes differ clearly between renditions; see {@link #RENDITIONS}. The master lists them
 *       from lowest to highest, so hls.js level {@code i} is {@code RENDITIONS.get(i)}.</li>
 * </ul>
 * Paths are relative to {@link #dir()}; {@link PageServer} serves that folder under {@code /media/}.
 *
 * <p>The build directory is the parent of the test-classes folder this class was loaded from, so parallel builds
 * with {@code -Dserver.build.dir=target-x} each get their own copy; a {@code .complete} marker (with the recipe
 * version) means a finished encode, so an interrupted one is redone.
 */
public final class MediaFixtures {
    public static final String PROGRESSIVE_MP4 = "progressive.mp4";
    public static final String HLS_MASTER = "hls/master.m3u8";
    public static final int DURATION_S = 20;
    public static final int SEGMENT_S = 2;
    public static final int SEGMENT_COUNT = DURATION_S / SEGMENT_S;
    /** Ladder, lowest first (= hls.js level index). */
    public static final List<Rendition> RENDITIONS = List.of(
            new Rendition("r240", 426, 240, 300),
            new Rendition("r360", 640, 360, 800),
            new Rendition("r720", 1280, 720, 2500));

    private static final String RECIPE_VERSION = "1";
    private static final int AUDIO_KBPS = 64;
    private static Path dir;

    /** One HLS rendition: its folder name under {@code hls/}, frame size and video bitrate. */
    public record Rendition(String name, int widthPx, int heightPx, int videoKbps) {
        /** Playlist path relative to {@link #dir()}. */
        public String playlist() {
            return "hls/" + name + "/index.m3u8";
        }

        /** Segment path relative to {@link #dir()}, {@code index} from 0. */
        public String segment(int index) {
            return "hls/" + name + "/" + segmentFile(index);
        }

        /** Bandwidth announced in the master playlist, bits/s (video + audio + ~10 % TS overhead). */
        public long bandwidthBps() {
            return Math.round((videoKbps + AUDIO_KBPS) * 1000 * 1.1);
        }
    }

    /** File name of segment {@code index} (from 0) in every rendition, e.g. {@code seg_004.ts}. */
    public static String segmentFile(int index) {
        return String.format("seg_%03d.ts", index);
    }

    private MediaFixtures() {
    }

    /** The folder holding the media, made on first call (takes ~15 s on 2 cores, then instant). */
    public static synchronized Path dir() {
        if (dir == null) {
            Path target = buildDir().resolve("browser-media");
            Path marker = target.resolve(".complete");
            try {
                if (!Files.isRegularFile(marker) || !Files.readString(marker).equals(RECIPE_VERSION)) {
                    make(target);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            dir = target;
        }
        return dir;
    }

    /** The Maven build directory ({@code target} or {@code -Dserver.build.dir}) this test run compiled into. */
    public static Path buildDir() {
        try {
            Path classes = Path.of(MediaFixtures.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void make(Path target) throws IOException {
        Path work = Files.createTempDirectory(target.getParent(), "browser-media-");
        encodeProgressive(work.resolve(PROGRESSIVE_MP4));
        for (Rendition rendition : RENDITIONS) {
            encodeRendition(work, rendition);
        }
        Files.writeString(work.resolve(HLS_MASTER), masterPlaylist(), StandardCharsets.UTF_8);
        Files.writeString(work.resolve(".complete"), RECIPE_VERSION, StandardCharsets.UTF_8);
        deleteRecursively(target);
        Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
    }

    static String masterPlaylist() {
        StringBuilder m3u8 = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n");
        for (Rendition rendition : RENDITIONS) {
            m3u8.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(rendition.bandwidthBps())
                    .append(",RESOLUTION=").append(rendition.widthPx()).append('x').append(rendition.heightPx())
                    .append(",CODECS=\"avc1.4d401f,mp4a.40.2\"\n")
                    .append(rendition.name()).append("/index.m3u8\n");
        }
        return m3u8.toString();
    }

    private static void encodeProgressive(Path mp4) {
        List<String> command = sources(640, 360);
        command.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-profile:v", "main", "-pix_fmt", "yuv420p",
                "-b:v", "800k", "-maxrate", "800k", "-bufsize", "1600k", "-g", "50", "-keyint_min", "50",
                "-sc_threshold", "0", "-c:a", "aac", "-b:a", AUDIO_KBPS + "k", "-movflags", "+faststart",
                mp4.toString()));
        run(command);
    }

    private static void encodeRendition(Path work, Rendition rendition) throws IOException {
        Path folder = Files.createDirectories(work.resolve("hls").resolve(rendition.name()));
        String kbps = rendition.videoKbps() + "k";
        List<String> command = sources(rendition.widthPx(), rendition.heightPx());
        command.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-profile:v", "main", "-level", "3.1",
                "-pix_fmt", "yuv420p", "-b:v", kbps, "-minrate", kbps, "-maxrate", kbps, "-bufsize", kbps,
                "-x264-params", "nal-hrd=cbr", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0",
                "-c:a", "aac", "-b:a", AUDIO_KBPS + "k",
                "-f", "hls", "-hls_time", String.valueOf(SEGMENT_S), "-hls_playlist_type", "vod",
                "-hls_segment_filename", folder.resolve("seg_%03d.ts").toString(),
                folder.resolve("index.m3u8").toString()));
        run(command);
    }

    private static List<String> sources(int widthPx, int heightPx) {
        return new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                "-f", "lavfi", "-i", "testsrc=size=" + widthPx + "x" + heightPx + ":rate=25:duration=" + DURATION_S,
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=" + DURATION_S));
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("ffmpeg took over 120 s: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("ffmpeg failed (" + process.exitValue() + "): " + command + "\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("browser tests need ffmpeg (apt-get install ffmpeg; .ci/run does this)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            for (Path each : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }
}
