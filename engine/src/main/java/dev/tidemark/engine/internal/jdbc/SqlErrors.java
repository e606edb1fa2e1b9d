package dev.tidemark.engine.internal.jdbc;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** Which SQL failures may heal by trying again. */
public final class SqlErrors {
    private SqlErrors() {
    }

    /**
     * True for lost or refused connections (SQLState class 08), transaction rollbacks such as
     * deadlocks and serialization failures (40), insufficient resources (53), operator intervention
     * such as a server shutting down (57), and whatever the driver marks transient or recoverable.
     */
    public static boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("40") || state.startsWith("53") || state.startsWith("57")) {
                    return true;
                }
            }
        }
        return false;
    }
}
