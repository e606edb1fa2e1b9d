package dev.tidemark.mysqlbinlog.internal;

import dev.tidemark.engine.sql.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL Tidemark runs against a MySQL or MariaDB server over plain JDBC: server facts, binlog
 * state, column metadata and privileges. Vendor differences in statements live here. Not
 * thread-safe: one per connection.
 */
final class ServerCatalog implements AutoCloseable {
    private final Connection c;
    private Flavor flavor;
    private String version;

    ServerCatalog(Connection connection) {
        this.c = connection;
    }

    Connection connection() {
        return c;
    }

    /** One binlog file and offset, with the GTID state executed up to it (empty when unknown). */
    record BinlogCoordinates(String file, long position, String gtidSet) {
    }

    /** A column as {@code information_schema.COLUMNS} describes it today. */
    record ColumnInfo(String name, String dataType, String columnType, String charset, boolean nullable,
                      boolean primaryKey) {
        boolean unsigned() {
            return columnType.toLowerCase(Locale.ROOT).contains("unsigned");
        }
    }

    Flavor flavor() throws SQLException {
        if (flavor == null) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT VERSION(), @@version_comment")) {
                rs.next();
                version = rs.getString(1);
                flavor = Flavor.detect(version, rs.getString(2));
            }
        }
        return flavor;
    }

    String version() throws SQLException {
        flavor();
        return version;
    }

    /** A global variable's value, or null when the server has no such variable. */
    String variable(String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SHOW GLOBAL VARIABLES LIKE ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(2) : null;
            }
        }
    }

    long serverId() throws SQLException {
        return Long.parseLong(variable("server_id"));
    }

    /** Where the binlog ends now ({@code SHOW MASTER STATUS}), with the GTIDs executed up to there. */
    Optional<BinlogCoordinates> currentPosition() throws SQLException {
        String file;
        long pos;
        String gtids = "";
        List<Map<String, Object>> rows;
        try {
            rows = query("SHOW MASTER STATUS");
        } catch (SQLException e) {
            if (e.getErrorCode() != 1064) {
                throw e;
            }
            rows = query("SHOW BINARY LOG STATUS"); // MySQL 8.4 removed the old name
        }
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> row = rows.get(0);
        file = String.valueOf(row.get("File"));
        pos = ((Number) row.get("Position")).longValue();
        if (flavor() == Flavor.MYSQL) {
            Object g = row.get("Executed_Gtid_Set");
            gtids = g == null ? "" : g.toString().replace("\n", "");
        } else {
            gtids = gtidPositionAt(file, pos);
        }
        return Optional.of(new BinlogCoordinates(file, pos, gtids));
    }

    /** MariaDB: the GTID position at a binlog offset ({@code BINLOG_GTID_POS}); empty when unknown. */
    String gtidPositionAt(String file, long pos) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT BINLOG_GTID_POS(?, ?)")) {
            ps.setString(1, file);
            ps.setLong(2, pos);
            try (ResultSet rs = ps.executeQuery()) {
                String v = rs.next() ? rs.getString(1) : null;
                return v == null ? "" : v;
            }
        }
    }

    /**
     * MariaDB: the GTID position at the start of a binlog file, from its Gtid_list event (the
     * GTIDs of all files before it); empty when the file has none.
     */
    String gtidListOf(String file) throws SQLException {
        for (Map<String, Object> row : query("SHOW BINLOG EVENTS IN " + Sql.literal(file) + " LIMIT 5")) {
            if ("Gtid_list".equalsIgnoreCase(String.valueOf(row.get("Event_type")))) {
                String info = String.valueOf(row.get("Info")).strip();
                if (info.startsWith("[") && info.endsWith("]")) {
                    info = info.substring(1, info.length() - 1);
                }
                return info.replace(" ", "");
            }
        }
        return "";
    }

    /** The binlog files the server still has, oldest first, with their sizes. */
    LinkedHashMap<String, Long> binaryLogs() throws SQLException {
        LinkedHashMap<String, Long> files = new LinkedHashMap<>();
        for (Map<String, Object> row : query("SHOW BINARY LOGS")) {
            files.put(String.valueOf(row.get("Log_name")), ((Number) row.get("File_size")).longValue());
        }
        return files;
    }

    /** Collation id to character set name. */
    Map<Integer, String> collations() throws SQLException {
        Map<Integer, String> m = new HashMap<>();
        readCollations(m, "SELECT ID, CHARACTER_SET_NAME FROM information_schema.COLLATIONS WHERE ID IS NOT NULL");
        if (flavor() == Flavor.MARIADB) {
            try {
                // MariaDB 10.10+: collations that apply to several character sets have an id per pair
                readCollations(m, "SELECT ID, CHARACTER_SET_NAME FROM information_schema.COLLATION_CHARACTER_SET_APPLICABILITY"
                        + " WHERE ID IS NOT NULL");
            } catch (SQLException e) {
                // older MariaDB: COLLATIONS has them all
            }
        }
        return m;
    }

    private void readCollations(Map<Integer, String> m, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                m.put(rs.getInt(1), rs.getString(2));
            }
        }
    }

    /** The table's columns in order, or an empty list when there is no such table. */
    List<ColumnInfo> columns(String database, String table) throws SQLException {
        List<ColumnInfo> cols = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, CHARACTER_SET_NAME,"
                + " IS_NULLABLE, COLUMN_KEY FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    cols.add(new ColumnInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            "YES".equals(rs.getString(5)), "PRI".equals(rs.getString(6))));
                }
            }
        }
        return cols;
    }

    /**
     * Whether the table exists, its name compared as {@code rule} compares names. The name is
     * looked up as written and in lower case (how {@code lower_case_table_names=1} stores it), and
     * the rows found are checked again here, because how {@code information_schema} compares
     * names differs between versions, settings and collations.
     */
    boolean tableExists(TableName name, CapturedTables rule) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA IN (?, ?) AND TABLE_NAME IN (?, ?)")) {
            ps.setString(1, name.schema());
            ps.setString(2, name.schema().toLowerCase(Locale.ROOT));
            ps.setString(3, name.table());
            ps.setString(4, name.table().toLowerCase(Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rule.same(name, rs.getString(1), rs.getString(2))) {
                        return true;
                    }
                }
                return false;
            }
        }
    }

    /** The current user's grants, as {@code SHOW GRANTS} prints them. */
    List<String> grants() throws SQLException {
        List<String> g = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW GRANTS")) {
            while (rs.next()) {
                g.add(rs.getString(1));
            }
        }
        return g;
    }

    /** Server ids of the replicas registered with this server ({@code SHOW SLAVE HOSTS}). */
    List<Long> replicaServerIds() throws SQLException {
        List<Map<String, Object>> rows;
        try {
            rows = query(flavor() == Flavor.MYSQL ? "SHOW REPLICAS" : "SHOW SLAVE HOSTS");
        } catch (SQLException e) {
            rows = query("SHOW SLAVE HOSTS");
        }
        List<Long> ids = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Object id = row.get("Server_id");
            if (id instanceof Number n) {
                ids.add(n.longValue());
            }
        }
        return ids;
    }

    /** Rows as column label to value. */
    List<Map<String, Object>> query(String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Override
    public void close() {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a connection that failed already
        }
    }
}
