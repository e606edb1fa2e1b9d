package dev.tidemark.mysqlbinlog.internal;

/** Where to ask the server to start a binlog connection: a GTID set, or a file and offset. */
record ConnectPoint(GtidSet gtids, String file, long offset) {
    boolean byGtid() {
        return gtids != null;
    }

    @Override
    public String toString() {
        return byGtid() ? "GTID set '" + gtids + "'" : file + ":" + offset;
    }
}
