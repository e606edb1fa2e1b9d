package dev.tidemark.pglogical.internal;

import java.util.List;

/**
 * The pgoutput protocol messages, decoded. See PostgreSQL's "Logical Replication Message Formats".
 * {@code xid} fields are only present inside streamed transactions (protocol version 2) and are 0
 * otherwise.
 */
sealed interface PgMessage {

    /** Start of a transaction sent whole after its commit; {@code finalLsn} is its commit LSN. */
    record Begin(long finalLsn, long commitTimeMicros, long xid) implements PgMessage {
    }

    record Commit(long commitLsn, long endLsn, long commitTimeMicros) implements PgMessage {
    }

    /** The transaction came from another node (replication origin); informational. */
    record Origin(long originLsn, String name) implements PgMessage {
    }

    record RelationColumn(boolean key, String name, int typeOid, int typeModifier) {
    }

    record Relation(long xid, int oid, String namespace, String name, char replicaIdentity,
                    List<RelationColumn> columns) implements PgMessage {
    }

    record Type(long xid, int oid, String namespace, String name) implements PgMessage {
    }

    /** Column values of a tuple: one kind byte ('n' null, 'u' unchanged TOAST, 't' text) and the text. */
    record Tuple(byte[] kinds, String[] values) {
    }

    record Insert(long xid, int relationOid, Tuple newTuple) implements PgMessage {
    }

    /** {@code oldKind} is 'K' (key columns), 'O' (old row) or 0 when no old tuple was sent. */
    record Update(long xid, int relationOid, char oldKind, Tuple oldTuple, Tuple newTuple) implements PgMessage {
    }

    record Delete(long xid, int relationOid, char oldKind, Tuple oldTuple) implements PgMessage {
    }

    record Truncate(long xid, int options, int[] relationOids) implements PgMessage {
    }

    record Message(long xid, boolean transactional, long lsn, String prefix, byte[] content) implements PgMessage {
    }

    record StreamStart(long xid, boolean firstSegment) implements PgMessage {
    }

    record StreamStop() implements PgMessage {
    }

    record StreamCommit(long xid, long commitLsn, long endLsn, long commitTimeMicros) implements PgMessage {
    }

    record StreamAbort(long xid, long subXid) implements PgMessage {
    }
}
