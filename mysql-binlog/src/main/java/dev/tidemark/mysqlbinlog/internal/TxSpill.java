package dev.tidemark.mysqlbinlog.internal;

import dev.tidemark.engine.TidemarkException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The rows events of one open transaction that did not fit the in-memory bound, kept raw on disk
 * until the transaction commits and its rows are decoded and emitted part by part. Owned by one
 * thread; the file is deleted on {@link #close()}. Nothing here survives a restart: the binlog
 * still holds the transaction and it is read again.
 */
final class TxSpill implements AutoCloseable {
    /** One spilled rows event. */
    record Entry(int typeCode, long serverId, long position, byte[] body) {
    }

    interface EntryConsumer {
        void accept(Entry e) throws InterruptedException;
    }

    private final Path file;
    private final DataOutputStream out;
    private long entries;
    private long bytes;

    TxSpill(Path dir) {
        try {
            Files.createDirectories(dir);
            this.file = Files.createTempFile(dir, "tx-", ".spill");
            this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
        } catch (IOException e) {
            throw new TidemarkException("cannot create a spill file under " + dir + " for a large transaction: "
                    + e.getMessage() + "; set a writable spill directory with enough space", e);
        }
    }

    void append(int typeCode, long serverId, long position, byte[] body) {
        try {
            out.writeInt(typeCode);
            out.writeLong(serverId);
            out.writeLong(position);
            out.writeInt(body.length);
            out.write(body);
            entries++;
            bytes += body.length + 24;
        } catch (IOException e) {
            throw new UncheckedIOException("spilling a large transaction to " + file + " failed (disk full?)", e);
        }
    }

    long entries() {
        return entries;
    }

    long bytes() {
        return bytes;
    }

    /** Reads the entries back in order. */
    void replay(EntryConsumer consumer) throws InterruptedException {
        try {
            out.flush();
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                for (long i = 0; i < entries; i++) {
                    int type = in.readInt();
                    long serverId = in.readLong();
                    long pos = in.readLong();
                    byte[] body = new byte[in.readInt()];
                    in.readFully(body);
                    consumer.accept(new Entry(type, serverId, pos, body));
                }
            } catch (EOFException e) {
                throw new TidemarkException("spill file " + file + " is truncated; was the spill directory cleaned"
                        + " while the pipeline ran?", e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the spilled transaction from " + file + " failed", e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // the file goes anyway
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temp file; nothing more to do
        }
    }
}
