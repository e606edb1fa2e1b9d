package dev.tidemark.engine.sink;

import dev.tidemark.engine.ChangeBatch;
import dev.tidemark.engine.ChangeSink;
import dev.tidemark.engine.CheckpointConflictException;
import dev.tidemark.engine.ConfigException;
import dev.tidemark.engine.TidemarkException;
import dev.tidemark.engine.json.JsonEnvelope;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one JSON envelope per line to a file, exactly once across crashes.
 *
 * <p>How: each batch is appended, flushed and forced to disk ({@link FileChannel#force}, one
 * fsync per batch), and the file's new length is the sink state the pipeline stores with its
 * checkpoint. On {@link #open} the file is cut back to the length in the last checkpoint, so lines
 * written after it (by a batch that crashed before its checkpoint) disappear and come again.
 *
 * <p>A stream's first batch has no earlier checkpoint to cut back to: from its first write until a
 * checkpoint holding the file's length is known to be stored, a marker file
 * {@code <file>.tidemark-new} sits beside the file. A restart without state that finds the marker
 * knows the lines are its own uncheckpointed first batch (the process died between writing it and
 * storing its checkpoint) and empties the file; they come again.
 *
 * <p>Refuses to start, rather than mix two streams in one file, when
 * <ul>
 *   <li>another process (or sink) holds the file open for writing: each sink holds an exclusive
 *       lock on its file while open, released when it closes or its process dies;</li>
 *   <li>the file exists and is not empty but the pipeline has no state for this sink and there
 *       is no marker (another pipeline's output, or a checkpoint store that was reset): delete
 *       the file or choose another path;</li>
 *   <li>the file is shorter than the checkpoint says: it was replaced or truncated by someone
 *       else, and lines are missing.</li>
 * </ul>
 *
 * <p>The file is only appended to while the pipeline runs; another process may read it (tail -f).
 * Moving or rotating it under a running pipeline is not supported. Called from the pipeline's
 * thread only, as every {@link ChangeSink}.
 */
public final class JsonlSink implements ChangeSink {
    /** Default write buffer: 1 MiB, so a batch reaches the disk in few system calls. */
    public static final int DEFAULT_BUFFER_BYTES = 1 << 20;
    /** Appended to the file's name for the marker of a stream whose first checkpoint is not known to be stored. */
    public static final String NEW_FILE_MARKER_SUFFIX = ".tidemark-new";
    private static final Logger log = LoggerFactory.getLogger(JsonlSink.class);

    private final Path file;
    private final String id;
    private final JsonEnvelope envelope;
    private final int bufferBytes;

    private FileChannel channel;
    private JsonEnvelope.Writer writer;
    /** Set when this instance started the file from nothing, so an empty state means length 0. */
    private boolean startedEmpty;
    /** Opened without state: no checkpoint of this stream is known to be stored yet. */
    private boolean fresh;
    /** Whether the new-file marker exists, as far as this instance knows. */
    private boolean marked;
    /** Writes since the last open: from the second on, the previous write's state was checkpointed. */
    private int writesSinceOpen;

    private JsonlSink(Builder b) {
        this.file = b.file;
        this.envelope = b.envelope;
        this.bufferBytes = b.bufferBytes;
        this.id = b.id != null ? b.id : "jsonl:" + b.file;
    }

    /** A sink writing {@code file} with default settings. */
    public static JsonlSink create(Path file, JsonEnvelope envelope) {
        return builder().file(file).envelope(envelope).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code jsonl:<path>} unless configured otherwise. */
    @Override
    public String id() {
        return id;
    }

    /** The file written. */
    public Path file() {
        return file;
    }

    /**
     * Opens the file (creating it and its parent directories when absent) and cuts it back to the
     * committed length; see the class comment for the states it refuses.
     */
    @Override
    public void open(Optional<String> committedState) throws IOException {
        closeQuietly();
        long committed = committedState.map(this::parseState).orElse(-1L);
        if (committed > 0 && !Files.exists(file)) {
            throw shorterThanCommitted(0, committed);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        boolean created = !Files.exists(file);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            lockOrRefuse(ch);
            long size = ch.size();
            Path marker = marker();
            if (committed < 0) {
                if (size > 0 && !startedEmpty && Files.exists(marker)) {
                    log.info("JSON lines file {} holds {} bytes of a first batch whose checkpoint was never stored;"
                            + " cutting it back to empty, the batch comes again", file.toAbsolutePath(), size);
                } else if (size > 0 && !startedEmpty) {
                    throw new ConfigException("JSON lines file " + file.toAbsolutePath() + " already holds " + size
                            + " bytes, but the pipeline has no checkpoint for sink '" + id + "': it may be another"
                            + " stream's output. Delete the file or choose another path (nothing was written to it)");
                }
                committed = 0;
                fresh = true;
                marked = Files.exists(marker);
            } else if (committed > size) {
                throw shorterThanCommitted(size, committed);
            } else {
                fresh = false;
                unmark();
            }
            if (size > committed) {
                // lines of a batch that was not checkpointed: they come again
                ch.truncate(committed);
                ch.force(true);
            }
            ch.position(committed);
            if (created) {
                syncDirectory(parent);
            }
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (committed == 0) {
            startedEmpty = true;
        }
        channel = ch;
        writesSinceOpen = 0;
        writer = envelope.writer(new BufferedOutputStream(new ChannelOutput(ch), bufferBytes));
    }

    /** Appends the batch, forces it to disk, and returns the file's new length. */
    @Override
    public Optional<String> write(ChangeBatch batch) throws IOException {
        if (writer == null) {
            throw new IllegalStateException("sink " + id + " is not open: the pipeline opens it before the first batch");
        }
        if (fresh) {
            if (writesSinceOpen > 0) {
                // the pipeline writes again only after the previous batch's checkpoint was stored
                unmark();
                fresh = false;
            } else if (!marked) {
                // durable before any line is: a crash from here to the first stored checkpoint leaves it behind
                Files.createFile(marker());
                syncDirectory(file.toAbsolutePath().getParent());
                marked = true;
            }
        }
        writesSinceOpen++;
        writer.write(batch);
        writer.flush();
        channel.force(false);
        return Optional.of(Long.toString(channel.position()));
    }

    @Override
    public void close() throws IOException {
        if (writer != null) {
            writer.flush();
        }
        closeQuietly();
    }

    private CheckpointConflictException shorterThanCommitted(long size, long committed) {
        return new CheckpointConflictException("JSON lines file " + file.toAbsolutePath() + " is " + size
                + " bytes long, but the checkpoint of sink '" + id + "' says " + committed + " bytes were"
                + " written: the file was replaced or truncated outside Tidemark, so lines are missing."
                + " Restore the file, or move it away and reset the pipeline's checkpoint to write it anew");
    }

    private long parseState(String state) {
        try {
            long n = Long.parseLong(state);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new CheckpointConflictException("the checkpoint state of sink '" + id + "' is '" + state
                + "', not a file length: the checkpoint store holds another sink's state under this id."
                + " Give the sink another id or reset the pipeline's checkpoint");
    }

    /**
     * Takes an exclusive lock on the file for as long as the channel is open, so that a second
     * writer (another process running the same pipeline, such as a new instance started before the
     * old one stopped) cannot cut back or interleave with the file this one appends to.
     */
    private void lockOrRefuse(FileChannel ch) throws IOException {
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new TidemarkException("JSON lines file " + file.toAbsolutePath() + " is being written by another"
                    + " process or sink (another tidemark run of the same pipeline?); nothing was changed in it."
                    + " Stop the other writer first, or give this sink another path");
        }
    }

    private Path marker() {
        return file.resolveSibling(file.getFileName() + NEW_FILE_MARKER_SUFFIX);
    }

    /** Removes the new-file marker: a checkpoint with this sink's state is stored. */
    private void unmark() throws IOException {
        if (Files.deleteIfExists(marker())) {
            syncDirectory(file.toAbsolutePath().getParent());
        }
        marked = false;
    }

    /** Drops buffered output unwritten: after a failure, it belongs to a batch being rolled back. */
    private void closeQuietly() {
        writer = null;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing written through it is relied on past the last force()
            }
            channel = null;
        }
    }

    /** Makes a newly created file's directory entry durable; not possible on every platform. */
    private static void syncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // e.g. Windows cannot open a directory; the file's own fsync still holds its data
        }
    }

    /** An unsynchronised stream over the channel (Channels.newOutputStream locks per write). */
    private static final class ChannelOutput extends OutputStream {
        private final FileChannel channel;

        ChannelOutput(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        }
    }

    /** Builds a {@link JsonlSink}. */
    public static final class Builder {
        private Path file;
        private JsonEnvelope envelope;
        private String id;
        private int bufferBytes = DEFAULT_BUFFER_BYTES;

        private Builder() {
        }

        /** The file to write; parent directories are created. Required. */
        public Builder file(Path file) {
            this.file = Objects.requireNonNull(file, "file");
            return this;
        }

        /** The envelope format, which carries the pipeline name. Required. */
        public Builder envelope(JsonEnvelope envelope) {
            this.envelope = Objects.requireNonNull(envelope, "envelope");
            return this;
        }

        /**
         * The id the sink's state is stored under. Default {@code jsonl:<path>}; set one to keep
         * the state when the path is spelled differently (relative vs absolute).
         */
        public Builder id(String id) {
            Objects.requireNonNull(id, "id");
            if (id.isBlank()) {
                throw new ConfigException("a JSON lines sink id must not be blank");
            }
            this.id = id;
            return this;
        }

        /** Write buffer size in bytes, at least 4096. Default {@value #DEFAULT_BUFFER_BYTES}. */
        public Builder bufferBytes(int bytes) {
            if (bytes < 4096) {
                throw new ConfigException("bufferBytes must be at least 4096, got " + bytes);
            }
            this.bufferBytes = bytes;
            return this;
        }

        public JsonlSink build() {
            if (file == null || envelope == null) {
                throw new ConfigException("a JSON lines sink needs " + (file == null ? "a file" : "an envelope")
                        + ": call " + (file == null ? "file(path)" : "envelope(JsonEnvelope)") + " before build()");
            }
            return new JsonlSink(this);
        }
    }
}
