package dev.tidemark.pglogical.internal;

import dev.tidemark.engine.TidemarkException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes pgoutput messages (protocol versions 1 and 2) from the payload of an XLogData message.
 * Stateless except for whether the stream is inside a streamed-transaction block, which decides
 * whether change messages carry a leading xid.
 */
final class PgOutputParser {
    private boolean inStreamBlock;

    /** Parses one message; the buffer's position is at the message type byte. */
    PgOutputParser() {
    }

    /** A parser for messages replayed from a stream block, which all carry an xid. */
    static PgOutputParser forStreamBlock() {
        PgOutputParser p = new PgOutputParser();
        p.inStreamBlock = true;
        return p;
    }

    PgMessage parse(ByteBuffer b) {
        char type = (char) b.get();
        switch (type) {
            case 'B':
                return new PgMessage.Begin(b.getLong(), b.getLong(), Integer.toUnsignedLong(b.getInt()));
            case 'C': {
                b.get(); // flags, unused
                return new PgMessage.Commit(b.getLong(), b.getLong(), b.getLong());
            }
            case 'O':
                return new PgMessage.Origin(b.getLong(), string(b));
            case 'R': {
                long xid = streamXid(b);
                int oid = b.getInt();
                String ns = string(b);
                String name = string(b);
                char ident = (char) b.get();
                int n = b.getShort() & 0xFFFF;
                List<PgMessage.RelationColumn> cols = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    boolean key = (b.get() & 1) != 0;
                    String col = string(b);
                    int typeOid = b.getInt();
                    int mod = b.getInt();
                    cols.add(new PgMessage.RelationColumn(key, col, typeOid, mod));
                }
                return new PgMessage.Relation(xid, oid, ns, name, ident, cols);
            }
            case 'Y': {
                long xid = streamXid(b);
                return new PgMessage.Type(xid, b.getInt(), string(b), string(b));
            }
            case 'I': {
                long xid = streamXid(b);
                int rel = b.getInt();
                expect(b, 'N');
                return new PgMessage.Insert(xid, rel, tuple(b));
            }
            case 'U': {
                long xid = streamXid(b);
                int rel = b.getInt();
                char kind = (char) b.get();
                PgMessage.Tuple old = null;
                char oldKind = 0;
                if (kind == 'K' || kind == 'O') {
                    oldKind = kind;
                    old = tuple(b);
                    kind = (char) b.get();
                }
                if (kind != 'N') {
                    throw protocol("update without new tuple (got '" + kind + "')");
                }
                return new PgMessage.Update(xid, rel, oldKind, old, tuple(b));
            }
            case 'D': {
                long xid = streamXid(b);
                int rel = b.getInt();
                char kind = (char) b.get();
                if (kind != 'K' && kind != 'O') {
                    throw protocol("delete without old tuple (got '" + kind + "')");
                }
                return new PgMessage.Delete(xid, rel, kind, tuple(b));
            }
            case 'T': {
                long xid = streamXid(b);
                int n = b.getInt();
                int options = b.get();
                int[] oids = new int[n];
                for (int i = 0; i < n; i++) {
                    oids[i] = b.getInt();
                }
                return new PgMessage.Truncate(xid, options, oids);
            }
            case 'M': {
                long xid = streamXid(b);
                boolean transactional = (b.get() & 1) != 0;
                long lsn = b.getLong();
                String prefix = string(b);
                byte[] content = new byte[b.getInt()];
                b.get(content);
                return new PgMessage.Message(xid, transactional, lsn, prefix, content);
            }
            case 'S': {
                inStreamBlock = true;
                return new PgMessage.StreamStart(Integer.toUnsignedLong(b.getInt()), b.get() == 1);
            }
            case 'E':
                inStreamBlock = false;
                return new PgMessage.StreamStop();
            case 'c': {
                long xid = Integer.toUnsignedLong(b.getInt());
                b.get(); // flags
                return new PgMessage.StreamCommit(xid, b.getLong(), b.getLong(), b.getLong());
            }
            case 'A':
                return new PgMessage.StreamAbort(Integer.toUnsignedLong(b.getInt()), Integer.toUnsignedLong(b.getInt()));
            default:
                throw protocol("unknown pgoutput message type '" + type + "' (0x" + Integer.toHexString(type) + ")");
        }
    }

    /** Whether the next messages belong to a streamed in-progress transaction. */
    boolean inStreamBlock() {
        return inStreamBlock;
    }

    /** Forget stream state, after a reconnect. */
    void reset() {
        inStreamBlock = false;
    }

    private long streamXid(ByteBuffer b) {
        return inStreamBlock ? Integer.toUnsignedLong(b.getInt()) : 0;
    }

    private static PgMessage.Tuple tuple(ByteBuffer b) {
        int n = b.getShort() & 0xFFFF;
        byte[] kinds = new byte[n];
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            byte k = b.get();
            kinds[i] = k;
            if (k == 't') {
                int len = b.getInt();
                int pos = b.position();
                if (b.hasArray()) {
                    values[i] = new String(b.array(), b.arrayOffset() + pos, len, StandardCharsets.UTF_8);
                } else {
                    byte[] v = new byte[len];
                    b.get(pos, v);
                    values[i] = new String(v, StandardCharsets.UTF_8);
                }
                b.position(pos + len);
            } else if (k == 'b') {
                // we never ask for binary values (the "binary" option stays off)
                throw protocol("binary tuple data received although the binary option is off");
            } else if (k != 'n' && k != 'u') {
                throw protocol("unknown tuple column kind '" + (char) k + "'");
            }
        }
        return new PgMessage.Tuple(kinds, values);
    }

    private static void expect(ByteBuffer b, char c) {
        char got = (char) b.get();
        if (got != c) {
            throw protocol("expected '" + c + "' but got '" + got + "'");
        }
    }

    private static String string(ByteBuffer b) {
        int start = b.position();
        int end = start;
        while (b.get(end) != 0) {
            end++;
        }
        String s;
        if (b.hasArray()) {
            s = new String(b.array(), b.arrayOffset() + start, end - start, StandardCharsets.UTF_8);
        } else {
            byte[] tmp = new byte[end - start];
            b.get(tmp);
            b.position(start);
            s = new String(tmp, StandardCharsets.UTF_8);
        }
        b.position(end + 1);
        return s;
    }

    private static TidemarkException protocol(String what) {
        return new TidemarkException("pgoutput protocol error: " + what
                + "; this is a bug or an unsupported server version, please report it with the server version");
    }
}
