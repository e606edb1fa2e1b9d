package dev.tidemark.pglogical.internal;

import java.nio.ByteBuffer;
import java.util.Set;

/**
 * Large transactions that the server streams in blocks before they commit (pgoutput v2). Invariant:
 * nothing of a streamed transaction reaches the assembler before its Stream Commit; then its
 * spilled changes are replayed in order, less those of aborted subtransactions, as one transaction.
 * One instance per connection; the spill store outlives it and is cleared between connections.
 */
final class PgStreamedBlocks {
    private final SpillStore spill;
    private final TransactionAssembler assembler;
    private final PgOutputParser replayParser = PgOutputParser.forStreamBlock();
    private long xid;

    PgStreamedBlocks(SpillStore spill, TransactionAssembler assembler) {
        this.spill = spill;
        this.assembler = assembler;
    }

    /** Spills a message inside a block (all but its Stream Stop) unparsed; false when it is not in one. */
    boolean spilled(PgOutputParser parser, ByteBuffer buf, long lsn) {
        if (parser.inStreamBlock() && buf.get(buf.position()) != 'E') {
            spill.append(xid, lsn, buf);
            return true;
        }
        return false;
    }

    void start(PgMessage.StreamStart ss) {
        xid = ss.xid();
    }

    void commit(PgMessage.StreamCommit sc) throws InterruptedException {
        Set<Long> aborted = spill.abortedSubXids(sc.xid());
        assembler.begin(sc.commitLsn(), sc.xid(), sc.commitTimeMicros());
        spill.replay(sc.xid(), (raw, rawLsn) -> {
            PgMessage rm = replayParser.parse(raw);
            if (rm instanceof PgMessage.Relation r) {
                assembler.relation(r);
            } else if (rm instanceof PgMessage.Type || rm instanceof PgMessage.Origin) {
                // type names come from the catalog; origins are informational
            } else if (!aborted.contains(xidOf(rm))) {
                assembler.change(rm, rawLsn);
            }
        });
        assembler.commit(sc.commitLsn());
    }

    void abort(PgMessage.StreamAbort sa) {
        if (sa.subXid() == sa.xid()) {
            spill.abort(sa.xid());
        } else {
            spill.abortSubtransaction(sa.xid(), sa.subXid());
        }
    }

    private static long xidOf(PgMessage m) {
        if (m instanceof PgMessage.Insert i) {
            return i.xid();
        } else if (m instanceof PgMessage.Update u) {
            return u.xid();
        } else if (m instanceof PgMessage.Delete d) {
            return d.xid();
        } else if (m instanceof PgMessage.Truncate t) {
            return t.xid();
        } else if (m instanceof PgMessage.Message msg) {
            return msg.xid();
        }
        return -1;
    }
}
