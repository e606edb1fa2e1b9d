package dev.tidemark.engine.internal.jdbc;

import dev.tidemark.engine.JdbcCheckpointStore;
import dev.tidemark.engine.TidemarkException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;

/**
 * The SQL of the checkpoint table for one database vendor. Every statement names its columns in the
 * same order: pipeline, source_kind, position, sink_state, last_commit_time, updated_at.
 */
public abstract class CheckpointDialect {

    /** The dialect for the database behind the metadata; PostgreSQL, MySQL and MariaDB are supported. */
    public static CheckpointDialect detect(DatabaseMetaData metaData) throws SQLException {
        String product = metaData.getDatabaseProductName();
        String p = product.toLowerCase(Locale.ROOT);
        if (p.contains("postgresql")) {
            return new PostgresCheckpointDialect();
        }
        if (p.contains("mysql") || p.contains("mariadb")) {
            return new MySqlCheckpointDialect();
        }
        throw new TidemarkException("JdbcCheckpointStore supports PostgreSQL, MySQL and MariaDB, not " + product
                + "; keep checkpoints in one of those, or implement CheckpointStore for " + product);
    }

    /** The vendor's name, for messages. */
    public abstract String name();

    /** An identifier quoted for this vendor. */
    public abstract String quote(String identifier);

    /** Insert the row, or replace every column but the key when the pipeline already has one. */
    public abstract String upsertSql(String schema);

    /** Binds an instant, already truncated to microseconds, or SQL NULL. */
    public abstract void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException;

    /** Reads an instant written by {@link #setInstant}, or null. */
    public abstract Instant getInstant(ResultSet rs, int index) throws SQLException;

    public final String table(String schema) {
        return quote(schema) + "." + quote(JdbcCheckpointStore.CHECKPOINTS_TABLE);
    }

    public String selectSql(String schema) {
        return "SELECT " + quote("source_kind") + ", " + quote("position") + ", " + quote("sink_state") + ", "
                + quote("last_commit_time") + " FROM " + table(schema) + " WHERE " + quote("pipeline") + " = ?";
    }

    public String selectUpdatedAtSql(String schema) {
        return "SELECT " + quote("updated_at") + " FROM " + table(schema) + " WHERE " + quote("pipeline") + " = ?";
    }

    protected final String insertColumns() {
        return "(" + quote("pipeline") + ", " + quote("source_kind") + ", " + quote("position") + ", "
                + quote("sink_state") + ", " + quote("last_commit_time") + ", " + quote("updated_at") + ")";
    }

    /**
     * Whether the checkpoint table exists. {@code information_schema} means the same on all three
     * vendors (on MySQL/MariaDB, table_schema is the database).
     */
    public boolean tableExists(Connection c, String schema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            ps.setString(1, schema);
            ps.setString(2, JdbcCheckpointStore.CHECKPOINTS_TABLE);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
