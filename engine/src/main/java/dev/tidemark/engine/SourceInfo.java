package dev.tidemark.engine;

/**
 * Where an event came from, as shown in the envelope's {@code source} block. One record per
 * source kind carries the fields that kind adds to the common ones.
 */
public sealed interface SourceInfo permits SourceInfo.Pg, SourceInfo.Binlog {

    /** The envelope's {@code source.connector}: {@code postgresql}, {@code mysql} or {@code mariadb}. */
    String connector();

    /**
     * PostgreSQL: the transaction id ({@code txId}) and the LSN of the change itself ({@code lsn}).
     * {@code xid} is 0 for a message sent outside a transaction.
     */
    record Pg(long xid, Lsn lsn) implements SourceInfo {
        @Override
        public String connector() {
            return "postgresql";
        }
    }

    /**
     * MySQL/MariaDB: the server that wrote the event, the transaction's GTID (empty when GTIDs
     * are off), binlog file and offset of the rows event, and the row's index inside it.
     */
    record Binlog(String connector, long serverId, String gtid, String file, long pos, int row) implements SourceInfo {
    }
}
