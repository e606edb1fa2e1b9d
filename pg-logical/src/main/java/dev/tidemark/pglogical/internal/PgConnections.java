package dev.tidemark.pglogical.internal;

import dev.tidemark.engine.SourceUnavailableException;
import dev.tidemark.engine.sql.SqlDialect;
import dev.tidemark.pglogical.PgSourceConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.PGProperty;

/** Opens connections to the source and turns connection failures into errors that say what to do. */
final class PgConnections {
    private final PgSourceConfig config;

    PgConnections(PgSourceConfig config) {
        this.config = config;
    }

    /** A regular connection, for catalog queries and setup. */
    Connection regular() {
        return open(false);
    }

    /** A logical replication connection (walsender) with the session settings our value decoding expects. */
    Connection replication() {
        return open(true);
    }

    private Connection open(boolean replication) {
        Properties p = new Properties();
        PGProperty.USER.set(p, config.user());
        if (!config.password().isEmpty()) {
            PGProperty.PASSWORD.set(p, config.password());
        }
        PGProperty.APPLICATION_NAME.set(p, "tidemark");
        PGProperty.CONNECT_TIMEOUT.set(p, 10);
        PGProperty.TCP_KEEP_ALIVE.set(p, true);
        // pgoutput prints values with the walsender's session settings: pin the ones decoding relies on
        PGProperty.OPTIONS.set(p, "-c TimeZone=UTC -c DateStyle=ISO -c IntervalStyle=postgres -c extra_float_digits=3");
        if (replication) {
            PGProperty.REPLICATION.set(p, "database");
            PGProperty.ASSUME_MIN_SERVER_VERSION.set(p, "10");
            PGProperty.PREFER_QUERY_MODE.set(p, "simple");
        }
        try {
            return DriverManager.getConnection(config.url(), p);
        } catch (SQLException e) {
            throw classify(e, replication);
        }
    }

    /** Maps a failure to connect or query into a {@link SourceUnavailableException} naming the fix. */
    SourceUnavailableException classify(SQLException e, boolean replication) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String where = "PostgreSQL at " + config.displayUrl() + " as user '" + config.user() + "'";
        String msg = e.getMessage();
        if (state.equals("28P01")) {
            return new SourceUnavailableException("authentication failed for " + where
                    + ": check the source user and password", false, e);
        }
        if (state.equals("28000")) {
            String fix = replication
                    ? "allow replication connections for this user in pg_hba.conf (a 'host replication "
                    + config.user() + " <address> scram-sha-256' line) and reload the server"
                    : "allow this user and database in pg_hba.conf and reload the server";
            return new SourceUnavailableException("the server refused the " + (replication ? "replication " : "")
                    + "connection for " + where + ": " + msg + "; " + fix, false, e);
        }
        if (state.equals("3D000")) {
            return new SourceUnavailableException("database in " + config.displayUrl() + " does not exist: " + msg
                    + "; check the source url", false, e);
        }
        if (state.equals("42501")) {
            return new SourceUnavailableException("user '" + config.user() + "' lacks a privilege on " + config.displayUrl()
                    + ": " + msg + "; for replication run ALTER ROLE " + SqlDialect.POSTGRESQL.quote(config.user()) + " REPLICATION", false, e);
        }
        if (state.equals("55000") && msg != null && msg.contains("wal_level")) {
            return new SourceUnavailableException(msg + "; set wal_level=logical and restart the server", false, e);
        }
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || state.isEmpty()) {
            return new SourceUnavailableException("cannot reach " + where + ": " + msg, true, e);
        }
        return new SourceUnavailableException("PostgreSQL error from " + where + " (SQLSTATE " + state + "): " + msg,
                state.startsWith("53") || state.startsWith("58"), e);
    }
}
