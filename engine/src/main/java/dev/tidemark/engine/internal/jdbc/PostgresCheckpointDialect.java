package dev.tidemark.engine.internal.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** PostgreSQL: {@code INSERT … ON CONFLICT DO UPDATE}, instants in {@code timestamptz}. */
final class PostgresCheckpointDialect extends CheckpointDialect {

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public String upsertSql(String schema) {
        return "INSERT INTO " + table(schema) + " " + insertColumns() + " VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (" + quote("pipeline") + ") DO UPDATE SET "
                + set("source_kind") + ", " + set("position") + ", " + set("sink_state") + ", "
                + set("last_commit_time") + ", " + set("updated_at");
    }

    private String set(String column) {
        return quote(column) + " = EXCLUDED." + quote(column);
    }

    @Override
    public void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }

    @Override
    public Instant getInstant(ResultSet rs, int index) throws SQLException {
        OffsetDateTime value = rs.getObject(index, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
