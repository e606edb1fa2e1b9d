package dev.tidemark.mysqlbinlog.internal;

import dev.tidemark.engine.SourceUnavailableException;
import java.sql.SQLException;

/** Turns JDBC failures into {@link SourceUnavailableException}s that say whether retrying can help. */
final class Errors {
    private Errors() {
    }

    static SourceUnavailableException classify(SQLException e, MySqlUrl url, String user) {
        int code = e.getErrorCode();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (code == 1045 || state.equals("28000")) {
            return new SourceUnavailableException("cannot log in to " + url + " as '" + user + "': " + e.getMessage()
                    + "; check the source user and password", false, e);
        }
        if (code == 1049) {
            return new SourceUnavailableException("database of the source url does not exist on " + url + ": "
                    + e.getMessage() + "; fix the url", false, e);
        }
        if (code == 1044 || code == 1142 || code == 1227 || code == 1370) {
            return new SourceUnavailableException("user '" + user + "' lacks a privilege on " + url + ": " + e.getMessage()
                    + "; GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* and SELECT on the captured tables", false, e);
        }
        return new SourceUnavailableException("cannot reach " + url + ": " + e.getMessage(), true, e);
    }
}
