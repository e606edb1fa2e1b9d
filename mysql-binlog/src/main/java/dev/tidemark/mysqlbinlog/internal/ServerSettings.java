package dev.tidemark.mysqlbinlog.internal;

import dev.tidemark.engine.SourceUnavailableException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The server variables that decide whether and how a binlog can be streamed. */
record ServerSettings(Flavor flavor, String version, long serverId, String logBin, String binlogFormat, String rowImage,
                      String rowMetadata, String gtidMode, String gtidStrictMode, String logBinCompress,
                      String transactionCompression, String rowValueOptions) {

    static ServerSettings read(ServerCatalog c) throws SQLException {
        Flavor f = c.flavor();
        return new ServerSettings(f, c.version(), c.serverId(), upper(c.variable("log_bin")), upper(c.variable("binlog_format")),
                upper(c.variable("binlog_row_image")), upper(c.variable("binlog_row_metadata")),
                f == Flavor.MYSQL ? upper(c.variable("gtid_mode")) : "ON",
                f == Flavor.MARIADB ? upper(c.variable("gtid_strict_mode")) : null,
                f == Flavor.MARIADB ? upper(c.variable("log_bin_compress")) : null,
                f == Flavor.MYSQL ? upper(c.variable("binlog_transaction_compression")) : null,
                f == Flavor.MYSQL ? upper(c.variable("binlog_row_value_options")) : null);
    }

    private static String upper(String v) {
        return v == null ? null : v.toUpperCase(Locale.ROOT);
    }

    /** Whether positions can resume by GTID: always on MariaDB, with {@code gtid_mode=ON} on MySQL. */
    boolean resumesByGtid() {
        return "ON".equals(gtidMode);
    }

    /** Null when the binlog is on; otherwise what is wrong and how to fix it. */
    String logBinProblem() {
        return "ON".equals(logBin) || "1".equals(logBin) ? null
                : "log_bin is " + logBin + ": the binary log is off; start the server with log-bin (e.g. log-bin=mysql-bin)"
                + " and binlog_format=ROW";
    }

    String formatProblem() {
        return "ROW".equals(binlogFormat) ? null
                : "binlog_format is " + binlogFormat + ": changes are logged as statements, which carry no row values;"
                + " SET GLOBAL binlog_format=ROW (and in the server's configuration file); sessions started before keep"
                + " the old format until they reconnect";
    }

    /** Settings under which the binlog holds events Tidemark cannot read. */
    List<String> unreadable() {
        List<String> p = new ArrayList<>();
        if ("ON".equals(logBinCompress)) {
            p.add("log_bin_compress is ON: compressed events cannot be read; SET GLOBAL log_bin_compress=OFF");
        }
        if ("ON".equals(transactionCompression)) {
            p.add("binlog_transaction_compression is ON: compressed transactions cannot be read;"
                    + " SET GLOBAL binlog_transaction_compression=OFF");
        }
        if (rowValueOptions != null && rowValueOptions.contains("PARTIAL_JSON")) {
            p.add("binlog_row_value_options is PARTIAL_JSON: JSON updates leave values out; SET GLOBAL binlog_row_value_options=''");
        }
        return p;
    }

    /** Throws for settings the stream cannot work with. */
    void requireStreamable(MySqlUrl url) {
        List<String> problems = new ArrayList<>();
        if (logBinProblem() != null) {
            problems.add(logBinProblem());
        }
        if (formatProblem() != null) {
            problems.add(formatProblem());
        }
        problems.addAll(unreadable());
        if (!problems.isEmpty()) {
            throw new SourceUnavailableException("cannot stream the binlog of " + url + ": " + String.join("; ", problems), false);
        }
    }

    String rowImageWarning() {
        if (rowImage == null || "FULL".equals(rowImage)) {
            return null;
        }
        return "binlog_row_image is " + rowImage + ": " + ("MINIMAL".equals(rowImage)
                ? "updates carry only the key as 'before' and only changed columns as 'after', deletes only the key;"
                : "BLOB/TEXT/JSON columns are left out of row images when they did not change;")
                + " the missing values arrive as \"__debezium_unavailable_value\". SET GLOBAL binlog_row_image=FULL";
    }

    String rowMetadataWarning() {
        if ("FULL".equals(rowMetadata)) {
            return null;
        }
        return "binlog_row_metadata is " + (rowMetadata == null ? "not supported by this server" : rowMetadata)
                + ": column names, signedness and character sets come from information_schema, which describes tables as"
                + " they are now, not as they were when older events were written; SET GLOBAL binlog_row_metadata=FULL"
                + " (MySQL 8.0.1+, MariaDB 10.5+)";
    }

    String gtidWarning() {
        if (flavor == Flavor.MYSQL && !resumesByGtid()) {
            return "gtid_mode is " + gtidMode + ": positions are binlog file and offset of this server only, so the"
                    + " pipeline cannot move to a replica after a failover; enable GTIDs (gtid_mode=ON,"
                    + " enforce_gtid_consistency=ON)";
        }
        return null;
    }

    List<String> warnings() {
        List<String> w = new ArrayList<>();
        for (String s : new String[] {rowImageWarning(), rowMetadataWarning(), gtidWarning()}) {
            if (s != null) {
                w.add(s);
            }
        }
        return w;
    }
}
