package dev.tidemark.pglogical.internal;

import dev.tidemark.engine.Lsn;
import dev.tidemark.engine.sql.SqlDialect;
import dev.tidemark.engine.sql.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The catalog queries and DDL the source needs, in one place. Names are bound as parameters, or
 * quoted by {@link SqlDialect#POSTGRESQL} where a statement cannot take parameters (DDL).
 */
final class PgCatalog {
    private final Connection c;

    PgCatalog(Connection c) {
        this.c = c;
    }

    record Slot(String name, String plugin, String type, String database, boolean active, Integer activePid,
                Lsn confirmedFlush, Lsn restart, String walStatus) {
    }

    record TableInfo(TableName name, boolean exists, char replicaIdentity, boolean hasPrimaryKey,
                     boolean canSelect) {
    }

    String show(String setting) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT current_setting(?)")) {
            ps.setString(1, setting);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    int serverVersionNum() throws SQLException {
        return Integer.parseInt(show("server_version_num"));
    }

    String currentDatabase() throws SQLException {
        return scalar("SELECT current_database()");
    }

    String currentUser() throws SQLException {
        return scalar("SELECT current_user");
    }

    boolean canReplicate() throws SQLException {
        return Boolean.parseBoolean(scalar("SELECT (rolreplication OR rolsuper)::text FROM pg_roles WHERE rolname = current_user"));
    }

    boolean isSuperuser() throws SQLException {
        return Boolean.parseBoolean(scalar("SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"));
    }

    Lsn currentWalLsn() throws SQLException {
        return Lsn.parse(scalar("SELECT pg_current_wal_lsn()::text"));
    }

    /** Slots in use against max_replication_slots: [used, max]. */
    int[] slotUsage() throws SQLException {
        return new int[] {Integer.parseInt(scalar("SELECT count(*)::text FROM pg_replication_slots")),
                Integer.parseInt(show("max_replication_slots"))};
    }

    Optional<Slot> slot(String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT slot_name, plugin, slot_type, database, active, active_pid,"
                + " confirmed_flush_lsn::text, restart_lsn::text, wal_status FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Integer pid = rs.getObject(6) == null ? null : rs.getInt(6);
                String cf = rs.getString(7);
                String rl = rs.getString(8);
                return Optional.of(new Slot(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5), pid, cf == null ? Lsn.INVALID : Lsn.parse(cf),
                        rl == null ? Lsn.INVALID : Lsn.parse(rl), rs.getString(9)));
            }
        }
    }

    void dropSlot(String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
            ps.setString(1, name);
            ps.execute();
        }
    }

    /** Empty when the publication does not exist; otherwise whether it is FOR ALL TABLES. */
    Optional<Boolean> publicationAllTables(String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT puballtables FROM pg_publication WHERE pubname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBoolean(1)) : Optional.empty();
            }
        }
    }

    Set<TableName> publicationTables(String name) throws SQLException {
        Set<TableName> out = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TableName(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return out;
    }

    void createPublication(String name, List<TableName> tables, boolean allTables) throws SQLException {
        String target = allTables ? "FOR ALL TABLES"
                : "FOR TABLE " + String.join(", ", tables.stream().map(SqlDialect.POSTGRESQL::quote).toList());
        execute("CREATE PUBLICATION " + SqlDialect.POSTGRESQL.quote(name) + " " + target);
    }

    void addToPublication(String name, List<TableName> tables) throws SQLException {
        execute("ALTER PUBLICATION " + SqlDialect.POSTGRESQL.quote(name) + " ADD TABLE "
                + String.join(", ", tables.stream().map(SqlDialect.POSTGRESQL::quote).toList()));
    }

    TableInfo table(TableName name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relreplident, "
                + " EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary),"
                + " has_table_privilege(c.oid, 'SELECT')"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')")) {
            ps.setString(1, name.schema());
            ps.setString(2, name.table());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new TableInfo(name, false, 'd', false, false);
                }
                return new TableInfo(name, true, rs.getString(1).charAt(0), rs.getBoolean(2), rs.getBoolean(3));
            }
        }
    }

    void emitHeartbeat() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_logical_emit_message(false, ?, '')")) {
            ps.setString(1, TransactionAssembler.HEARTBEAT_PREFIX);
            ps.execute();
        }
    }

    private String scalar(String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
