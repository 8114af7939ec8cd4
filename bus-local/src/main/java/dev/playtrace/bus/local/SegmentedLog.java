package dev.playtrace.bus.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * An append-only log of records in segment files, made to survive {@code kill -9} and power loss: a record counts
 * once {@link #force()} returned after it was appended.
 *
 * <p>Record: {@code payload length (int), CRC-32C of position and payload (int), position (long), payload}. Positions
 * are consecutive from 1. A segment file is named by the position of its first record and is filled with zeros
 * before use, so a sync writes data blocks only (no file-size metadata). Reading a segment stops at its first record
 * that is not whole and valid (a torn write, or the zeros after the last record); after a crash the log never writes
 * into such a segment again but starts a new one, so a torn record is never followed by newer ones in its file.
 *
 * <p>Not thread-safe for appends (one writer thread); {@link #deleteThrough} may run on another thread.
 */
final class SegmentedLog implements AutoCloseable {
    static final int HEADER_BYTES = 16;
    private static final Logger LOG = Logger.getLogger(SegmentedLog.class.getName());
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final String SUFFIX = ".log";
    private static final int ZERO_CHUNK_BYTES = 1 << 20;

    private final Path directory;
    private final long segmentBytes;
    private final ExecutorService preparer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "playtrace-log-preallocate");
        thread.setDaemon(true);
        return thread;
    });
    private final Object segmentsLock = new Object();
    /** First positions of the segments on disk, oldest first; guarded by segmentsLock. */
    private final List<Long> segmentStarts = new ArrayList<>();

    private FileChannel current;
    private long currentOffset;
    private long currentCapacity;
    private CompletableFuture<Path> spare;
    private long nextPosition;
    /** Records of one append, written with one call (one system call for a whole group commit). */
    private ByteBuffer pending = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);

    private SegmentedLog(Path directory, long segmentBytes) {
        this.directory = directory;
        this.segmentBytes = segmentBytes;
    }

    /** What a record on disk holds. */
    record Entry(long position, byte[] payload) {
    }

    /** Receives records in position order while the log is opened. */
    @FunctionalInterface
    interface Replay {
        void record(Entry entry);
    }

    /**
     * Opens the log in a directory (created when missing), hands every valid record after {@code afterPosition} to
     * {@code replay} in order, and readies a fresh segment for appends.
     */
    static SegmentedLog open(Path directory, long segmentBytes, long afterPosition, Replay replay) {
        try {
            createOwnerOnlyDirectory(directory);
            SegmentedLog log = new SegmentedLog(directory, segmentBytes);
            log.recover(afterPosition, replay);
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the ingest log in " + directory, e);
        }
    }

    private void recover(long afterPosition, Replay replay) throws IOException {
        List<Long> starts = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(SUFFIX) && name.length() == 20 + SUFFIX.length())
                    .map(name -> Long.parseLong(name.substring(0, 20)))
                    .sorted()
                    .forEach(starts::add);
        }
        long expected = starts.isEmpty() ? Math.max(1, afterPosition + 1) : starts.getFirst();
        if (!starts.isEmpty() && expected > afterPosition + 1) {
            throw new IllegalStateException("the ingest log in " + directory + " starts at position " + expected
                    + " but the store has only " + afterPosition + ": records in between are missing");
        }
        List<Long> kept = new ArrayList<>();
        for (long start : starts) {
            if (start != expected) {
                throw new IllegalStateException("the ingest log in " + directory + " has a gap: segment " + start
                        + " follows records up to " + (expected - 1));
            }
            long after = readSegment(segmentPath(start), start, afterPosition, replay);
            if (after == start) {
                // no whole record (a crash right after the segment was started): nothing in it was acknowledged
                Files.delete(segmentPath(start));
            } else {
                kept.add(start);
            }
            expected = after;
        }
        nextPosition = Math.max(expected, afterPosition + 1);
        synchronized (segmentsLock) {
            segmentStarts.addAll(kept);
        }
        spare = prepareSpare();
        openNewSegment(HEADER_BYTES);
    }

    /** Reads one segment's valid records; returns the position after its last one. */
    private long readSegment(Path path, long start, long afterPosition, Replay replay) throws IOException {
        long expected = start;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            long offset = 0;
            ByteBuffer head = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            while (offset + HEADER_BYTES <= size) {
                head.clear();
                readFully(channel, head, offset);
                head.flip();
                int length = head.getInt();
                int crc = head.getInt();
                long position = head.getLong();
                if (length <= 0 || position != expected || offset + HEADER_BYTES + length > size) {
                    break;
                }
                ByteBuffer payload = ByteBuffer.allocate(length);
                readFully(channel, payload, offset + HEADER_BYTES);
                if (crc(position, payload.array()) != crc) {
                    LOG.warning("ingest log " + path.getFileName() + ": record " + position + " at byte " + offset
                            + " is torn (checksum mismatch); it was never acknowledged, the segment ends there");
                    break;
                }
                if (position > afterPosition) {
                    replay.record(new Entry(position, payload.array()));
                }
                expected++;
                offset += HEADER_BYTES + length;
            }
        }
        return expected;
    }

    /** The position the next appended record gets. */
    long nextPosition() {
        return nextPosition;
    }

    /** Appends records with consecutive positions (not yet durable: call {@link #force()}); returns the first one's. */
    long append(List<byte[]> payloads) throws IOException {
        long first = nextPosition;
        pending.clear();
        for (byte[] payload : payloads) {
            int recordBytes = HEADER_BYTES + payload.length;
            if (currentOffset + pending.position() + recordBytes > currentCapacity) {
                writePending();
                current.force(false);
                current.close();
                openNewSegment(recordBytes);
            }
            if (pending.remaining() < recordBytes) {
                writePending();
                if (pending.capacity() < recordBytes) {
                    pending = ByteBuffer.allocateDirect(recordBytes).order(ByteOrder.LITTLE_ENDIAN);
                }
            }
            pending.putInt(payload.length).putInt(crc(nextPosition, payload)).putLong(nextPosition).put(payload);
            nextPosition++;
        }
        writePending();
        return first;
    }

    private void writePending() throws IOException {
        pending.flip();
        int bytes = pending.remaining();
        writeFully(pending, currentOffset);
        currentOffset += bytes;
        pending.clear();
    }

    /** Makes every appended record durable. */
    void force() throws IOException {
        current.force(false);
    }

    /** Deletes the segments whose records all have positions up to {@code position}; never the one being written. */
    void deleteThrough(long position) {
        List<Long> deletable = new ArrayList<>();
        synchronized (segmentsLock) {
            // a segment ends where the next one starts; the last one is still being written
            while (segmentStarts.size() > 1 && segmentStarts.get(1) - 1 <= position) {
                deletable.add(segmentStarts.removeFirst());
            }
        }
        for (long start : deletable) {
            try {
                Files.deleteIfExists(segmentPath(start));
            } catch (IOException e) {
                LOG.warning("cannot delete ingest log segment " + start + ": " + e);
            }
        }
    }

    /** Segment files on disk (for tests and metrics). */
    int segmentCount() {
        synchronized (segmentsLock) {
            return segmentStarts.size();
        }
    }

    /** Closes the current segment and waits for a spare being preallocated, then deletes it: no file appears later. */
    @Override
    public void close() {
        preparer.shutdown();
        try {
            if (!preparer.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
                preparer.shutdownNow();
            }
        } catch (InterruptedException e) {
            preparer.shutdownNow();
            Thread.currentThread().interrupt();
        }
        try {
            if (current != null) {
                current.force(false);
                current.close();
            }
        } catch (IOException e) {
            LOG.warning("could not close the ingest log: " + e);
        }
        if (spare != null && spare.isDone() && !spare.isCompletedExceptionally()) {
            try {
                Files.deleteIfExists(spare.join());
            } catch (IOException | RuntimeException ignored) {
                // a stray spare file is ignored and overwritten at the next start
            }
        }
    }

    private void openNewSegment(long atLeastBytes) throws IOException {
        Path target = segmentPath(nextPosition);
        Path prepared = atLeastBytes <= segmentBytes ? takeSpare() : null;
        long capacity = atLeastBytes <= segmentBytes ? segmentBytes : atLeastBytes;
        if (prepared == null) {
            prepared = preallocate(directory.resolve("oversize.spare"), capacity);
        }
        Files.move(prepared, target);
        syncDirectory();
        current = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.READ);
        currentOffset = 0;
        currentCapacity = capacity;
        synchronized (segmentsLock) {
            segmentStarts.add(nextPosition);
        }
        spare = prepareSpare();
    }

    private Path takeSpare() throws IOException {
        try {
            return spare.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a log segment", e);
        } catch (ExecutionException e) {
            throw new IOException("could not preallocate a log segment", e.getCause());
        }
    }

    private CompletableFuture<Path> prepareSpare() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return preallocate(directory.resolve("next.spare"), segmentBytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, preparer);
    }

    /** Writes zeros through the whole file and syncs it, so later syncs of records touch no file metadata. */
    private static Path preallocate(Path path, long bytes) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect(ZERO_CHUNK_BYTES);
        try (FileChannel channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), ownerOnlyFile(path))) {
            long offset = 0;
            while (offset < bytes) {
                zeros.clear();
                zeros.limit((int) Math.min(ZERO_CHUNK_BYTES, bytes - offset));
                offset += channel.write(zeros, offset);
            }
            channel.force(true);
        }
        return path;
    }

    /**
     * The log holds every tenant's acknowledged events: on POSIX its directory is 0700 (narrowed if an older release
     * made it 0755) and its files 0600.
     */
    private static void createOwnerOnlyDirectory(Path directory) throws IOException {
        if (!isPosix(directory)) {
            Files.createDirectories(directory);
            return;
        }
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
        if (!Files.getPosixFilePermissions(directory).equals(OWNER_ONLY_DIRECTORY)) {
            Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
        }
    }

    private static FileAttribute<?>[] ownerOnlyFile(Path path) {
        return isPosix(path)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private void syncDirectory() {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the rename is then as durable as they make it
            LOG.fine("cannot sync the ingest log directory: " + e);
        }
    }

    private void writeFully(ByteBuffer buffer, long offset) throws IOException {
        long at = offset;
        while (buffer.hasRemaining()) {
            at += current.write(buffer, at);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long offset) throws IOException {
        long at = offset;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("unexpected end of segment at byte " + at);
            }
            at += read;
        }
    }

    private Path segmentPath(long start) {
        return directory.resolve(String.format("%020d%s", start, SUFFIX));
    }

    private static int crc(long position, byte[] payload) {
        CRC32C crc = new CRC32C();
        ByteBuffer positionBytes = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(0, position);
        crc.update(positionBytes);
        crc.update(payload);
        return (int) crc.getValue();
    }
}
