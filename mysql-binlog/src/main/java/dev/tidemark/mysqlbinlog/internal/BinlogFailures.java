package dev.tidemark.mysqlbinlog.internal;

import com.github.shyiko.mysql.binlog.network.AuthenticationException;
import com.github.shyiko.mysql.binlog.network.ServerException;
import dev.tidemark.engine.CheckpointConflictException;
import dev.tidemark.engine.SourceUnavailableException;
import dev.tidemark.engine.TidemarkException;
import java.io.IOException;
import java.util.Locale;

/**
 * What a failure of the binlog client means for the pipeline. Invariant: only what reconnecting may
 * fix (a dropped connection, a server error outside the known ones) comes out retryable; a purged
 * binlog is a checkpoint conflict with the re-snapshot advice; refusals (privileges, login,
 * server_id clash) name the fix. Tidemark's own exceptions pass through unchanged.
 */
final class BinlogFailures {
    private final MySqlUrl url;
    private final String user;
    private final String pipeline;
    private final long serverId;

    BinlogFailures(MySqlUrl url, String user, String pipeline, long serverId) {
        this.url = url;
        this.user = user;
        this.pipeline = pipeline;
        this.serverId = serverId;
    }

    TidemarkException map(Throwable t, ConnectPoint point) {
        if (t instanceof TidemarkException te) {
            return te;
        }
        if (t instanceof ServerException se) {
            return server(se, point);
        }
        if (t instanceof AuthenticationException) {
            return new SourceUnavailableException("cannot log in to " + url + " as '" + user + "' for the binlog: "
                    + t.getMessage() + "; check user and password", false, (Exception) t);
        }
        if (t instanceof IOException io) {
            return new SourceUnavailableException("binlog connection to " + url + " failed: " + io, true, io);
        }
        if (t instanceof Error err) {
            throw err;
        }
        return new TidemarkException("reading the binlog of " + url + " failed: " + t, t);
    }

    private TidemarkException server(ServerException se, ConnectPoint point) {
        String msg = se.getMessage() == null ? "" : se.getMessage();
        if (se.getErrorCode() == 1236) {
            String lower = msg.toLowerCase(Locale.ROOT);
            if (lower.contains("purged") || lower.contains("could not find first log file")
                    || lower.contains("could not find gtid state") || lower.contains("not in the master's binlog")
                    || lower.contains("has purged")) {
                return new CheckpointConflictException("the server cannot stream from " + point + " for pipeline "
                        + pipeline + " (" + msg + "): the binlog it needs is gone and changes in between"
                        + " are lost to this pipeline. Re-snapshot the captured tables, delete the pipeline's"
                        + " checkpoint and start again");
            }
            if (lower.contains("same server_uuid/server_id") || lower.contains("same server_id")) {
                return new SourceUnavailableException("another replica or binlog client uses server_id "
                        + serverId + " on " + url + " (" + msg + "); give pipeline "
                        + pipeline + " a server_id of its own", false, se);
            }
            return new SourceUnavailableException("the server refused to stream the binlog from " + point + ": "
                    + msg, false, se);
        }
        if (se.getErrorCode() == 1227 || se.getErrorCode() == 1045 || se.getErrorCode() == 1044) {
            return new SourceUnavailableException("user '" + user + "' may not read the binlog of " + url
                    + " (" + msg + "); GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO the user", false, se);
        }
        return new SourceUnavailableException("binlog stream of " + url + " failed: " + msg + " (error "
                + se.getErrorCode() + ")", true, se);
    }
}
