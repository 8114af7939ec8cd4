package dev.playtrace.server.browser.sdk;

import dev.playtrace.server.browser.support.MediaFixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A DASH version of {@link MediaFixtures#PROGRESSIVE_MP4} (the shared fixtures have no DASH), repackaged by ffmpeg
 * without re-encoding into 2 s fMP4 segments, in the shared media folder so the page server serves it under
 * {@code /media/}{@value #DIR}{@code /}: {@value #MANIFEST}, video segments {@code chunk-0-00001.m4s} ...
 */
final class DashFixture {
    static final String DIR = "sdk-dash";
    static final String MANIFEST = DIR + "/manifest.mpd";

    private DashFixture() {
    }

    /** The manifest path relative to {@link MediaFixtures#dir()}, made on first use. */
    static synchronized String manifest() {
        Path media = MediaFixtures.dir();
        Path target = media.resolve(DIR);
        if (!Files.isRegularFile(target.resolve("manifest.mpd"))) {
            make(media.resolve(MediaFixtures.PROGRESSIVE_MP4), target);
        }
        return MANIFEST;
    }

    /** Video segment {@code number} (from 1; segment n holds media time 2(n-1) to 2n s). */
    static String videoSegment(int number) {
        return DIR + "/" + String.format("chunk-0-%05d.m4s", number);
    }

    private static void make(Path mp4, Path target) {
        try {
            Path work = Files.createTempDirectory(target.getParent(), DIR + "-");
            run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-i", mp4.toString(),
                    "-map", "0:v", "-map", "0:a", "-c", "copy", "-f", "dash", "-seg_duration", "2",
                    "-use_template", "1", "-use_timeline", "0",
                    "-init_seg_name", "init-$RepresentationID$.m4s",
                    "-media_seg_name", "chunk-$RepresentationID$-$Number%05d$.m4s",
                    "-adaptation_sets", "id=0,streams=v id=1,streams=a",
                    work.resolve("manifest.mpd").toString()));
            Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("ffmpeg failed: " + command + "\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
