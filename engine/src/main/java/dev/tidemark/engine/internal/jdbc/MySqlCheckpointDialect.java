package dev.tidemark.engine.internal.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * MySQL and MariaDB: {@code INSERT … ON DUPLICATE KEY UPDATE}, instants as UTC wall-clock time in
 * {@code DATETIME(6)}. A {@code TIMESTAMP} would follow the session time zone and end in 2038.
 */
final class MySqlCheckpointDialect extends CheckpointDialect {

    @Override
    public String name() {
        return "MySQL/MariaDB";
    }

    @Override
    public String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public String upsertSql(String schema) {
        // VALUES(col) rather than MySQL 8's row alias: MariaDB knows only the former
        return "INSERT INTO " + table(schema) + " " + insertColumns() + " VALUES (?, ?, ?, ?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE " + set("source_kind") + ", " + set("position") + ", "
                + set("sink_state") + ", " + set("last_commit_time") + ", " + set("updated_at");
    }

    private String set(String column) {
        return quote(column) + " = VALUES(" + quote(column) + ")";
    }

    @Override
    public void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP);
        } else {
            ps.setObject(index, LocalDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }

    @Override
    public Instant getInstant(ResultSet rs, int index) throws SQLException {
        LocalDateTime value = rs.getObject(index, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
