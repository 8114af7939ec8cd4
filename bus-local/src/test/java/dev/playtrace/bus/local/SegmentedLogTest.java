package dev.playtrace.bus.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class SegmentedLogTest {
    private static final long SEGMENT_BYTES = 4096;

    @TempDir
    Path directory;

    @Test
    void recordsAppendedAndForcedAreReplayedInOrderAfterAReopen() throws IOException {
        try (SegmentedLog log = open(0, new ArrayList<>())) {
            assertThat(log.append(List.of(bytes("a"), bytes("b")))).isEqualTo(1);
            assertThat(log.append(List.of(bytes("c")))).isEqualTo(3);
            log.force();
        }
        List<String> replayed = new ArrayList<>();
        try (SegmentedLog log = open(0, replayed)) {
            assertThat(replayed).containsExactly("1:a", "2:b", "3:c");
            assertThat(log.nextPosition()).isEqualTo(4);
        }
    }

    @Test
    void onlyRecordsAfterTheStoredPositionAreReplayed() throws IOException {
        try (SegmentedLog log = open(0, new ArrayList<>())) {
            log.append(List.of(bytes("a"), bytes("b"), bytes("c")));
            log.force();
        }
        List<String> replayed = new ArrayList<>();
        try (SegmentedLog ignored = open(2, replayed)) {
            assertThat(replayed).containsExactly("3:c");
        }
    }

    @Test
    void recordsSpanSegmentsAndStoredSegmentsAreDeletedButNeverTheCurrentOne() throws IOException {
        byte[] record = new byte[1348];
        try (SegmentedLog log = open(0, new ArrayList<>())) {
            for (int i = 0; i < 10; i++) {
                log.append(List.of(record));
            }
            log.force();
            // 3 records of 1364 bytes fit in 4096: segments start at 1, 4, 7, 10
            assertThat(segmentFiles()).containsExactly(name(1), name(4), name(7), name(10));
            log.deleteThrough(6);
            assertThat(segmentFiles()).containsExactly(name(7), name(10));
            log.deleteThrough(100);
            assertThat(segmentFiles()).containsExactly(name(10));
        }
        List<String> replayed = new ArrayList<>();
        try (SegmentedLog ignored = open(9, replayed)) {
            assertThat(replayed).hasSize(1).first().asString().startsWith("10:");
        }
    }

    @Test
    void aTornLastRecordEndsTheLogAndTheNextStartWritesANewSegment() throws IOException {
        try (SegmentedLog log = open(0, new ArrayList<>())) {
            log.append(List.of(bytes("kept"), bytes("torn record")));
            log.force();
        }
        // flip one payload byte of the second record, as a write cut by a power loss would leave it
        try (RandomAccessFile file = new RandomAccessFile(directory.resolve(name(1)).toFile(), "rw")) {
            long secondPayload = SegmentedLog.HEADER_BYTES + 4 + SegmentedLog.HEADER_BYTES;
            file.seek(secondPayload + 2);
            file.write('X');
        }
        List<String> replayed = new ArrayList<>();
        try (SegmentedLog log = open(0, replayed)) {
            assertThat(replayed).containsExactly("1:kept");
            assertThat(log.nextPosition()).isEqualTo(2);
            log.append(List.of(bytes("after")));
            log.force();
        }
        assertThat(segmentFiles()).containsExactly(name(1), name(2));
        List<String> again = new ArrayList<>();
        try (SegmentedLog ignored = open(0, again)) {
            assertThat(again).containsExactly("1:kept", "2:after");
        }
    }

    @Test
    void aRecordCutShortByTheEndOfTheFileEndsTheLog() throws IOException {
        try (SegmentedLog log = open(0, new ArrayList<>())) {
            log.append(List.of(bytes("whole"), bytes("half written")));
            log.force();
        }
        try (RandomAccessFile file = new RandomAccessFile(directory.resolve(name(1)).toFile(), "rw")) {
            file.setLength(SegmentedLog.HEADER_BYTES + 5 + SegmentedLog.HEADER_BYTES + 3);
        }
        List<String> replayed = new ArrayList<>();
        try (SegmentedLog ignored = open(0, replayed)) {
            assertThat(replayed).containsExactly("1:whole");
        }
    }

    @Test
    void aLogThatStartsAfterTheStoredPositionIsRefused() throws IOException {
        try (SegmentedLog log = open(0, new ArrayList<>())) {
            log.append(List.of(new byte[3000], new byte[3000], new byte[3000]));
            log.force();
            log.deleteThrough(2);
        }
        assertThatThrownBy(() -> open(0, new ArrayList<>()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("records in between are missing");
    }

    @Test
    void theLogDirectoryAndItsSegmentsAreOwnerOnlyEvenWhereAnOlderReleaseMadeThemReadable() throws IOException {
        assumeThat(directory.getFileSystem().supportedFileAttributeViews()).contains("posix");
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (SegmentedLog log = open(0, new ArrayList<>())) {
            log.append(List.of(bytes("a")));
            log.force();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
            try (Stream<Path> files = Files.list(directory)) {
                assertThat(files.toList()).isNotEmpty().allSatisfy(file ->
                        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                                .as(file.getFileName().toString()).isEqualTo("rw-------"));
            }
        }
    }

    private SegmentedLog open(long afterPosition, List<String> replayed) {
        return SegmentedLog.open(directory, SEGMENT_BYTES, afterPosition,
                entry -> replayed.add(entry.position() + ":" + new String(entry.payload(), StandardCharsets.UTF_8)));
    }

    private List<String> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".log")).sorted().toList();
        }
    }

    private static String name(long start) {
        return String.format("%020d.log", start);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
