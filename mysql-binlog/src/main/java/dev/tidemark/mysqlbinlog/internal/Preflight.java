package dev.tidemark.mysqlbinlog.internal;

import dev.tidemark.engine.BinlogPosition;
import dev.tidemark.engine.CheckResult;
import dev.tidemark.engine.Position;
import dev.tidemark.engine.SourceStatus;
import dev.tidemark.engine.SourceUnavailableException;
import dev.tidemark.engine.sql.SqlDialect;
import dev.tidemark.engine.sql.TableName;
import dev.tidemark.mysqlbinlog.MySqlSourceConfig;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code tidemark check} and {@code tidemark status} for a MySQL/MariaDB source: reads the server's
 * settings, privileges and binlog state over JDBC, without streaming. Every failure names the
 * setting or privilege and the fix.
 */
public final class Preflight {
    private final MySqlSourceConfig config;
    private final String pipeline;
    private final MySqlUrl url;

    public Preflight(MySqlSourceConfig config, String pipeline) {
        this.config = config;
        this.pipeline = pipeline;
        this.url = MySqlUrl.parse(config.url());
    }

    public List<CheckResult> check(Optional<Position> resumeAfter) {
        List<CheckResult> r = new ArrayList<>();
        ServerCatalog c;
        try {
            c = new ServerCatalog(Jdbc.connect(url, config));
        } catch (SQLException e) {
            SourceUnavailableException mapped = Errors.classify(e, url, config.user());
            r.add(CheckResult.fail("connection", mapped.getMessage()));
            return r;
        }
        try (c) {
            ServerSettings s = ServerSettings.read(c);
            r.add(CheckResult.ok("connection", "connected to " + url + " as '" + config.user() + "': "
                    + (s.flavor() == Flavor.MARIADB ? "MariaDB " : "MySQL ") + s.version()));
            r.add(s.logBinProblem() == null ? CheckResult.ok("log_bin", "the binary log is on")
                    : CheckResult.fail("log_bin", s.logBinProblem()));
            r.add(s.formatProblem() == null ? CheckResult.ok("binlog_format", "binlog_format is ROW")
                    : CheckResult.fail("binlog_format", s.formatProblem()));
            r.add(s.rowImageWarning() == null ? CheckResult.ok("binlog_row_image", "binlog_row_image is FULL")
                    : CheckResult.warn("binlog_row_image", s.rowImageWarning()));
            r.add(s.rowMetadataWarning() == null ? CheckResult.ok("binlog_row_metadata", "binlog_row_metadata is FULL")
                    : CheckResult.warn("binlog_row_metadata", s.rowMetadataWarning()));
            if (s.flavor() == Flavor.MYSQL) {
                r.add(s.gtidWarning() == null ? CheckResult.ok("gtid_mode", "gtid_mode is ON: checkpoints are GTID sets")
                        : CheckResult.warn("gtid_mode", s.gtidWarning()));
            } else {
                r.add(CheckResult.ok("gtid", "MariaDB GTIDs: checkpoints are per-domain GTID positions"
                        + ("ON".equals(s.gtidStrictMode()) ? " (gtid_strict_mode=ON)" : "")));
            }
            for (String u : s.unreadable()) {
                r.add(CheckResult.fail("binlog compression", u));
            }
            privileges(c, r);
            tables(c, r);
            serverId(c, s, r);
            resumeAfter.ifPresent(p -> checkpoint(c, s, p, r));
        } catch (SQLException e) {
            r.add(CheckResult.fail("server", "reading the settings of " + url + " failed: " + e.getMessage()));
        }
        return r;
    }

    private void privileges(ServerCatalog c, List<CheckResult> r) throws SQLException {
        String grants = String.join("\n", c.grants()).toUpperCase(Locale.ROOT);
        boolean all = grants.contains("GRANT ALL PRIVILEGES ON *.*") || grants.contains("GRANT SUPER");
        boolean slave = all || grants.matches("(?s).*GRANT [^\\n]*REPLICATION (SLAVE|REPLICA)[^\\n]* ON \\*\\.\\*.*");
        r.add(slave ? CheckResult.ok("REPLICATION SLAVE", "user '" + config.user() + "' may read the binlog")
                : CheckResult.fail("REPLICATION SLAVE", "user '" + config.user() + "' lacks REPLICATION SLAVE and cannot"
                + " read the binlog: GRANT REPLICATION SLAVE ON *.* TO " + Sql.literal(config.user())));
        try (Statement st = c.connection().createStatement()) {
            st.executeQuery("SHOW MASTER STATUS").close();
            r.add(CheckResult.ok("REPLICATION CLIENT", "user '" + config.user() + "' may read the binlog position"));
        } catch (SQLException e) {
            String grant = c.flavor() == Flavor.MARIADB ? "BINLOG MONITOR" : "REPLICATION CLIENT";
            r.add(CheckResult.fail("REPLICATION CLIENT", "user '" + config.user() + "' may not read the binlog position ("
                    + e.getMessage() + "): GRANT " + grant + " ON *.* TO " + Sql.literal(config.user())));
        }
    }

    private void tables(ServerCatalog c, List<CheckResult> r) throws SQLException {
        CapturedTables rule = CapturedTables.on(c, config.tables());
        for (TableName t : config.tables()) {
            if (!c.tableExists(t, rule)) {
                r.add(CheckResult.fail("table " + t, "table " + t + " does not exist on " + url + " (or the user may not"
                        + " see it); check the source tables list" + (rule.ignoresCase() ? ""
                        : " (names are case sensitive on this server, whose lower_case_table_names is 0)")));
                continue;
            }
            try (Statement st = c.connection().createStatement()) {
                st.executeQuery("SELECT * FROM " + SqlDialect.MYSQL.quote(t) + " LIMIT 0").close();
                r.add(CheckResult.ok("table " + t, "table " + t + " exists and is readable"));
            } catch (SQLException e) {
                r.add(CheckResult.fail("table " + t, "user '" + config.user() + "' may not read " + t + " ("
                        + e.getMessage() + "): GRANT SELECT ON " + SqlDialect.MYSQL.quote(t) + " TO " + Sql.literal(config.user())));
            }
        }
    }

    private void serverId(ServerCatalog c, ServerSettings s, List<CheckResult> r) {
        long id = config.serverIdFor(pipeline);
        String origin = config.serverId().isPresent() ? "configured" : "derived from the pipeline name";
        if (id == s.serverId()) {
            r.add(CheckResult.fail("server_id", "server_id " + id + " (" + origin + ") is the server's own; set another"
                    + " server_id for the source"));
            return;
        }
        try {
            if (c.replicaServerIds().contains(id)) {
                r.add(CheckResult.fail("server_id", "a replica with server_id " + id + " (" + origin + ") is connected to "
                        + url + "; the server drops one of two clients with the same id: set another server_id"));
                return;
            }
        } catch (SQLException e) {
            r.add(CheckResult.warn("server_id", "could not list the server's replicas (" + e.getMessage() + "); make sure"
                    + " no replica uses server_id " + id));
            return;
        }
        r.add(CheckResult.ok("server_id", "server_id " + id + " (" + origin + ") is not used by the server or a"
                + " registered replica"));
    }

    private void checkpoint(ServerCatalog c, ServerSettings s, Position p, List<CheckResult> r) {
        if (!(p instanceof BinlogPosition bp)) {
            r.add(CheckResult.fail("checkpoint", "pipeline " + pipeline + " has a " + p.kind() + " checkpoint; use a new"
                    + " pipeline name or delete the old checkpoint"));
            return;
        }
        GtidSet gtids;
        try {
            gtids = GtidSet.parse(bp.gtidSet(), s.flavor());
        } catch (IllegalArgumentException e) {
            r.add(CheckResult.fail("checkpoint", "the checkpoint's GTIDs '" + bp.gtidSet() + "' are not "
                    + s.flavor().connector() + " GTIDs: the pipeline was pointed at a server of the other kind"));
            return;
        }
        boolean byGtid = bp.isTransactionEnd() && s.resumesByGtid() && !gtids.isEmpty();
        try {
            String missing = Purge.missing(c, byGtid ? gtids : null, bp.file());
            r.add(missing == null ? CheckResult.ok("checkpoint", "the binlog from the checkpoint ("
                    + (byGtid ? "GTIDs " + gtids : bp.file() + ":" + bp.offset()) + ") on is still on the server")
                    : CheckResult.fail("checkpoint", "the checkpoint needs binlog the server no longer has: " + missing
                    + ". Changes in between are lost to this pipeline: re-snapshot the captured tables and delete the"
                    + " pipeline's checkpoint, then start again"));
        } catch (SQLException e) {
            r.add(CheckResult.warn("checkpoint", "could not check the binlog for the checkpoint: " + e.getMessage()));
        }
    }

    /** Current binlog position and GTIDs; lag in bytes when the checkpoint is on this server's binlog. */
    public SourceStatus inspect(Optional<Position> checkpoint) {
        Map<String, String> d = new LinkedHashMap<>();
        OptionalLong lag = OptionalLong.empty();
        try (ServerCatalog c = new ServerCatalog(Jdbc.connect(url, config))) {
            Flavor f = c.flavor();
            d.put("server", (f == Flavor.MARIADB ? "MariaDB " : "MySQL ") + c.version() + " at " + url);
            d.put("server_id", Long.toString(config.serverIdFor(pipeline)));
            Optional<ServerCatalog.BinlogCoordinates> now = c.currentPosition();
            if (now.isPresent()) {
                d.put("binlog", now.get().file() + ":" + now.get().position());
                d.put("gtids", now.get().gtidSet());
                if (checkpoint.isPresent() && checkpoint.get() instanceof BinlogPosition bp) {
                    d.put("checkpoint", bp.format());
                    lag = lagBytes(c.binaryLogs(), bp, now.get());
                }
            } else {
                d.put("binlog", "off");
            }
            return new SourceStatus(f.connector(), lag, d);
        } catch (SQLException e) {
            d.put("error", Errors.classify(e, url, config.user()).getMessage());
            return new SourceStatus("mysql", lag, d);
        }
    }

    private static OptionalLong lagBytes(LinkedHashMap<String, Long> logs, BinlogPosition at,
                                         ServerCatalog.BinlogCoordinates now) {
        if (!logs.containsKey(at.file())) {
            return OptionalLong.empty();
        }
        long lag = 0;
        boolean counting = false;
        for (Map.Entry<String, Long> e : logs.entrySet()) {
            if (e.getKey().equals(at.file())) {
                counting = true;
                lag -= at.offset();
            }
            if (counting) {
                lag += e.getKey().equals(now.file()) ? now.position() : e.getValue();
            }
            if (e.getKey().equals(now.file())) {
                break;
            }
        }
        return OptionalLong.of(Math.max(0, lag));
    }
}
