package dev.tidemark.pglogical.internal;

import dev.tidemark.engine.TidemarkException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Disk spill of streamed in-progress transactions (pgoutput protocol version 2). The server sends
 * a large transaction in blocks before it commits; its raw messages go to a file per top-level
 * transaction until Stream Commit replays them (or Stream Abort drops them), so memory stays
 * bounded however large the transaction. Files live in a directory of this source's own and are
 * deleted on commit, abort, reconnect and close: after a restart the server streams them again.
 */
final class SpillStore implements AutoCloseable {
    private final Path dir;
    private final Map<Long, Spill> open = new HashMap<>();

    private static final class Spill {
        final Path file;
        final DataOutputStream out;
        final Set<Long> abortedSubXids = new HashSet<>();
        long messages;

        Spill(Path file) throws IOException {
            this.file = file;
            this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
        }
    }

    SpillStore(Path dir) {
        try {
            Files.createDirectories(dir);
            this.dir = Files.createTempDirectory(dir, "stream-");
        } catch (IOException e) {
            throw new TidemarkException("cannot create the spill directory under " + dir
                    + " for streamed transactions: " + e.getMessage() + "; set a writable spill directory", e);
        }
    }

    /** Appends one raw message (its bytes from the buffer's position to its limit) for a top-level xid. */
    void append(long topXid, long lsn, ByteBuffer message) {
        try {
            Spill s = open.get(topXid);
            if (s == null) {
                s = new Spill(dir.resolve(Long.toUnsignedString(topXid) + ".spill"));
                open.put(topXid, s);
            }
            int len = message.remaining();
            s.out.writeInt(len);
            s.out.writeLong(lsn);
            if (message.hasArray()) {
                s.out.write(message.array(), message.arrayOffset() + message.position(), len);
            } else {
                byte[] tmp = new byte[len];
                message.duplicate().get(tmp);
                s.out.write(tmp);
            }
            s.messages++;
        } catch (IOException e) {
            throw new UncheckedIOException("spilling streamed transaction " + topXid + " to " + dir + " failed", e);
        }
    }

    /** A subtransaction was rolled back: its changes are skipped at replay. */
    void abortSubtransaction(long topXid, long subXid) {
        Spill s = open.get(topXid);
        if (s != null) {
            s.abortedSubXids.add(subXid);
        }
    }

    void abort(long topXid) {
        Spill s = open.remove(topXid);
        if (s != null) {
            delete(s);
        }
    }

    interface Replayer {
        void message(ByteBuffer message, long lsn) throws InterruptedException;
    }

    /** The subtransactions rolled back inside a top-level transaction. */
    Set<Long> abortedSubXids(long topXid) {
        Spill s = open.get(topXid);
        return s == null ? Set.of() : Set.copyOf(s.abortedSubXids);
    }

    /** Replays a committed transaction's messages in arrival order, then deletes its file. */
    void replay(long topXid, Replayer replayer) throws InterruptedException {
        Spill s = open.remove(topXid);
        if (s == null) {
            return;
        }
        try {
            s.out.close();
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(s.file), 1 << 16))) {
                byte[] buf = new byte[8192];
                for (long i = 0; i < s.messages; i++) {
                    int len = in.readInt();
                    long lsn = in.readLong();
                    if (len > buf.length) {
                        buf = new byte[Math.max(len, buf.length * 2)];
                    }
                    in.readFully(buf, 0, len);
                    replayer.message(ByteBuffer.wrap(buf, 0, len), lsn);
                }
            } catch (EOFException e) {
                throw new TidemarkException("spill file " + s.file + " of streamed transaction " + topXid
                        + " is truncated; was the spill directory cleaned while running?", e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading spilled transaction " + topXid + " from " + s.file + " failed", e);
        } finally {
            delete(s);
        }
    }

    boolean isEmpty() {
        return open.isEmpty();
    }

    /** Drops every spilled transaction (after a reconnect the server streams them again). */
    void clear() {
        for (Spill s : open.values()) {
            delete(s);
        }
        open.clear();
    }

    private static void delete(Spill s) {
        try {
            s.out.close();
        } catch (IOException ignored) {
            // the file goes anyway
        }
        try {
            Files.deleteIfExists(s.file);
        } catch (IOException ignored) {
            // temp directory; nothing else to do
        }
    }

    @Override
    public void close() {
        clear();
        try {
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
