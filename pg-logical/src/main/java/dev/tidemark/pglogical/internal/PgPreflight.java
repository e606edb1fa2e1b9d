package dev.tidemark.pglogical.internal;

import dev.tidemark.engine.CheckResult;
import dev.tidemark.engine.Lsn;
import dev.tidemark.engine.PgPosition;
import dev.tidemark.engine.Position;
import dev.tidemark.engine.SourceStatus;
import dev.tidemark.engine.SourceUnavailableException;
import dev.tidemark.engine.sql.SqlDialect;
import dev.tidemark.engine.sql.TableName;
import dev.tidemark.pglogical.PgSourceConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code tidemark check} and {@code tidemark status} for a PostgreSQL source: reads the server's
 * settings, privileges, tables, publication and slot without changing anything.
 */
public final class PgPreflight {
    private final PgSourceConfig config;
    private final String pipeline;
    private final PgConnections connections;

    public PgPreflight(PgSourceConfig config, String pipeline) {
        this.config = config;
        this.pipeline = pipeline;
        this.connections = new PgConnections(config);
    }

    public List<CheckResult> run(Optional<Position> resumeAfter) {
        List<CheckResult> out = new ArrayList<>();
        Connection c;
        try {
            c = connections.regular();
        } catch (SourceUnavailableException e) {
            out.add(CheckResult.fail("connection", e.getMessage()));
            return out;
        }
        try (c) {
            PgCatalog cat = new PgCatalog(c);
            out.add(CheckResult.ok("connection", "connected to " + config.displayUrl() + " as " + config.user()
                    + " (PostgreSQL " + cat.show("server_version") + ")"));
            int version = cat.serverVersionNum();
            if (version < 100000) {
                out.add(CheckResult.fail("server_version", "PostgreSQL " + cat.show("server_version")
                        + " has no pgoutput; Tidemark needs PostgreSQL 10 or later"));
            }
            String walLevel = cat.show("wal_level");
            out.add("logical".equals(walLevel) ? CheckResult.ok("wal_level", "logical")
                    : CheckResult.fail("wal_level", "wal_level is '" + walLevel + "'; logical decoding needs 'logical':"
                    + " set wal_level=logical (ALTER SYSTEM SET wal_level = logical) and restart the server"));
            out.add(cat.canReplicate() ? CheckResult.ok("replication_privilege", "user " + cat.currentUser() + " may replicate")
                    : CheckResult.fail("replication_privilege", "user '" + cat.currentUser() + "' lacks the REPLICATION"
                    + " attribute; run ALTER ROLE " + SqlDialect.POSTGRESQL.quote(cat.currentUser()) + " REPLICATION"));
            int senders = Integer.parseInt(cat.show("max_wal_senders"));
            if (senders < 1) {
                out.add(CheckResult.fail("max_wal_senders", "max_wal_senders is 0; set it to at least 1 and restart the server"));
            }
            checkTables(cat, out);
            checkPublication(cat, out);
            checkSlot(cat, resumeAfter, out);
        } catch (SQLException e) {
            out.add(CheckResult.fail("query", connections.classify(e, false).getMessage()));
        }
        return out;
    }

    private void checkTables(PgCatalog cat, List<CheckResult> out) throws SQLException {
        for (TableName t : config.tables()) {
            PgCatalog.TableInfo info = cat.table(t);
            String name = "table " + t;
            if (!info.exists()) {
                out.add(CheckResult.fail(name, "table " + t + " does not exist; check the source tables list" + foldingHint(t)));
                continue;
            }
            if (!info.canSelect()) {
                out.add(CheckResult.fail(name, "user '" + config.user() + "' may not SELECT from " + t
                        + "; GRANT SELECT ON " + SqlDialect.POSTGRESQL.quote(t) + " TO " + SqlDialect.POSTGRESQL.quote(config.user())));
                continue;
            }
            String fullFix = "; ALTER TABLE " + SqlDialect.POSTGRESQL.quote(t) + " REPLICA IDENTITY FULL for whole old rows";
            switch (info.replicaIdentity()) {
                case 'f' -> out.add(CheckResult.ok(name, "REPLICA IDENTITY FULL: updates and deletes carry the whole old row"));
                case 'd' -> out.add(info.hasPrimaryKey()
                        ? CheckResult.warn(name, "REPLICA IDENTITY DEFAULT: updates and deletes carry only the primary key as 'before'" + fullFix)
                        : CheckResult.fail(name, "no primary key and REPLICA IDENTITY DEFAULT: once published, UPDATE and DELETE"
                        + " on it fail at the source; add a primary key or run ALTER TABLE " + SqlDialect.POSTGRESQL.quote(t) + " REPLICA IDENTITY FULL"));
                case 'i' -> out.add(CheckResult.warn(name, "REPLICA IDENTITY USING INDEX: 'before' carries the index columns only" + fullFix));
                default -> out.add(CheckResult.fail(name, "REPLICA IDENTITY NOTHING: UPDATE and DELETE on a published table fail"
                        + " at the source" + fullFix));
            }
        }
    }

    private void checkPublication(PgCatalog cat, List<CheckResult> out) throws SQLException {
        String pub = config.publicationFor(pipeline);
        Optional<Boolean> all = cat.publicationAllTables(pub);
        if (all.isEmpty()) {
            if (config.createMissing()) {
                boolean canCreate = config.allTables() ? cat.isSuperuser() : true;
                out.add(canCreate ? CheckResult.ok("publication", "publication " + pub + " will be created at start")
                        : CheckResult.fail("publication", "publication " + pub + " is missing and FOR ALL TABLES needs a"
                        + " superuser to create it; create it as a superuser: CREATE PUBLICATION " + SqlDialect.POSTGRESQL.quote(pub) + " FOR ALL TABLES"));
            } else {
                out.add(CheckResult.fail("publication", "publication " + pub + " does not exist; CREATE PUBLICATION "
                        + SqlDialect.POSTGRESQL.quote(pub) + " FOR TABLE ... or set create_missing: true"));
            }
            return;
        }
        if (all.get()) {
            out.add(CheckResult.ok("publication", "publication " + pub + " covers all tables"));
            return;
        }
        Set<TableName> present = cat.publicationTables(pub);
        List<TableName> missing = config.tables().stream().filter(t -> !present.contains(t)).toList();
        out.add(missing.isEmpty() ? CheckResult.ok("publication", "publication " + pub + " covers " + config.tables())
                : config.createMissing() ? CheckResult.warn("publication", "publication " + pub + " lacks " + missing
                + "; they will be added at start")
                : CheckResult.fail("publication", "publication " + pub + " lacks " + missing + "; ALTER PUBLICATION "
                + SqlDialect.POSTGRESQL.quote(pub) + " ADD TABLE ..."));
    }

    private void checkSlot(PgCatalog cat, Optional<Position> resumeAfter, List<CheckResult> out) throws SQLException {
        String slot = config.slotFor(pipeline);
        Optional<PgCatalog.Slot> s = cat.slot(slot);
        Optional<PgPosition> cp = resumeAfter.filter(PgPosition.class::isInstance).map(PgPosition.class::cast);
        if (resumeAfter.isPresent() && cp.isEmpty()) {
            out.add(CheckResult.fail("checkpoint", "pipeline " + pipeline + " has a " + resumeAfter.get().kind()
                    + " checkpoint but a PostgreSQL source; use a new pipeline name or delete the old checkpoint"));
            return;
        }
        if (s.isEmpty()) {
            if (cp.isPresent()) {
                out.add(CheckResult.fail("slot", "replication slot " + slot + " is missing but the pipeline has a checkpoint at "
                        + cp.get() + ": changes after it may be lost; re-snapshot and delete the checkpoint row to start over"));
            } else if (!config.createMissing()) {
                out.add(CheckResult.fail("slot", "replication slot " + slot + " does not exist; create it or set create_missing: true"));
            } else {
                int[] usage = cat.slotUsage();
                out.add(usage[0] < usage[1] ? CheckResult.ok("slot", "replication slot " + slot + " will be created at start ("
                        + usage[0] + " of " + usage[1] + " slots in use)")
                        : CheckResult.fail("slot", "no free replication slot (" + usage[0] + " of max_replication_slots="
                        + usage[1] + " in use); raise max_replication_slots and restart, or drop an unused slot"));
            }
            return;
        }
        PgCatalog.Slot sl = s.get();
        if (!"pgoutput".equals(sl.plugin())) {
            out.add(CheckResult.fail("slot", "replication slot " + slot + " uses plugin '" + sl.plugin() + "', not pgoutput;"
                    + " choose another slot name or drop it"));
        } else if (!cat.currentDatabase().equals(sl.database())) {
            out.add(CheckResult.fail("slot", "replication slot " + slot + " belongs to database " + sl.database()));
        } else if (cp.isPresent() && sl.confirmedFlush().isAfter(cp.get().commitLsn())) {
            out.add(CheckResult.fail("slot", "replication slot " + slot + " was confirmed up to " + sl.confirmedFlush()
                    + ", past the checkpoint " + cp.get() + ": another consumer took changes; re-snapshot and delete the checkpoint row"));
        } else if (sl.active()) {
            out.add(CheckResult.warn("slot", "replication slot " + slot + " is in use (pid " + sl.activePid()
                    + "); a running pipeline, or another consumer that would block this one"));
        } else {
            out.add(CheckResult.ok("slot", "replication slot " + slot + " exists, confirmed up to " + sl.confirmedFlush()));
        }
    }

    /**
     * For a table that was not found: unquoted names fold to lower case, so a mixed-case table
     * needs its name double-quoted. Empty when the name has no lower-case letter to have come from folding.
     */
    static String foldingHint(TableName t) {
        boolean folded = t.schema().chars().anyMatch(ch -> ch >= 'a' && ch <= 'z')
                || t.table().chars().anyMatch(ch -> ch >= 'a' && ch <= 'z');
        return folded ? " (unquoted names fold to lower case: write a mixed-case name in double quotes,"
                + " e.g. public.\"Orders\")" : "";
    }

    public SourceStatus inspect() {
        try (Connection c = connections.regular()) {
            PgCatalog cat = new PgCatalog(c);
            String slot = config.slotFor(pipeline);
            Map<String, String> details = new LinkedHashMap<>();
            details.put("slot", slot);
            details.put("publication", config.publicationFor(pipeline));
            Optional<PgCatalog.Slot> s = cat.slot(slot);
            Lsn current = cat.currentWalLsn();
            details.put("server_wal_lsn", current.toString());
            if (s.isEmpty()) {
                details.put("slot_state", "missing");
                return new SourceStatus("postgresql", OptionalLong.empty(), details);
            }
            PgCatalog.Slot sl = s.get();
            details.put("slot_state", sl.active() ? "active (pid " + sl.activePid() + ")" : "inactive");
            details.put("confirmed_flush_lsn", sl.confirmedFlush().toString());
            details.put("restart_lsn", sl.restart().toString());
            if (sl.walStatus() != null) {
                details.put("wal_status", sl.walStatus());
            }
            long lag = Math.max(0, current.value() - sl.confirmedFlush().value());
            long retained = Math.max(0, current.value() - sl.restart().value());
            details.put("retained_wal_bytes", Long.toString(retained));
            return new SourceStatus("postgresql", OptionalLong.of(lag), details);
        } catch (SQLException e) {
            throw connections.classify(e, false);
        }
    }
}
