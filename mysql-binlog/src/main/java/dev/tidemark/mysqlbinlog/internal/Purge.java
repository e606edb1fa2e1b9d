package dev.tidemark.mysqlbinlog.internal;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Whether the binlog a resume point needs is still on the server. */
final class Purge {
    private Purge() {
    }

    /**
     * Null when the server still has the binlog from {@code gtids} (a GTID resume) or from
     * {@code file} on; otherwise a phrase saying what is gone.
     */
    static String missing(ServerCatalog c, GtidSet gtids, String file) throws SQLException {
        LinkedHashMap<String, Long> logs = c.binaryLogs();
        if (logs.isEmpty()) {
            return "the server has no binary logs";
        }
        String oldest = logs.keySet().iterator().next();
        if (gtids == null) {
            return logs.containsKey(file) ? null : "binlog file " + file + " is not on the server any more (oldest: "
                    + oldest + ")";
        }
        if (gtids instanceof MySqlGtidSet mine) {
            String purgedText = c.variable("gtid_purged");
            MySqlGtidSet purged = MySqlGtidSet.parse(purgedText == null ? "" : purgedText.replace("\n", ""));
            return mine.contains(purged) ? null : "the server purged GTIDs " + purged + " (gtid_purged) that are not all"
                    + " in the position";
        }
        MariaDbGtidSet mine = (MariaDbGtidSet) gtids;
        MariaDbGtidSet atOldest = MariaDbGtidSet.parse(c.gtidListOf(oldest));
        for (Map.Entry<Long, MariaDbGtidSet.Gtid> e : atOldest.domains().entrySet()) {
            MariaDbGtidSet.Gtid have = mine.domains().get(e.getKey());
            if (have != null && Long.compareUnsigned(have.seq(), e.getValue().seq()) < 0) {
                return "its oldest binlog " + oldest + " starts after GTID " + e.getValue() + ", past the position's "
                        + have;
            }
        }
        return null;
    }
}
