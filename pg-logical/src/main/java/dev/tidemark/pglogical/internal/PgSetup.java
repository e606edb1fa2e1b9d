package dev.tidemark.pglogical.internal;

import dev.tidemark.engine.CheckpointConflictException;
import dev.tidemark.engine.Lsn;
import dev.tidemark.engine.PgPosition;
import dev.tidemark.engine.SourceUnavailableException;
import dev.tidemark.engine.sql.SqlDialect;
import dev.tidemark.engine.sql.TableName;
import dev.tidemark.pglogical.PgSourceConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a PostgreSQL source does before streaming, on each (re)connect: checks the server's
 * settings and the user's privileges, creates or completes the publication, creates the slot or
 * checks that it agrees with the checkpoint, and says where streaming starts.
 */
final class PgSetup {
    private static final Logger log = LoggerFactory.getLogger(PgSetup.class);

    /** What streaming needs to know: the database's name, the server version, the LSN to start from. */
    record Prepared(String database, int serverVersionNum, Lsn start) {
    }

    private final PgSourceConfig config;
    private final PgConnections connections;
    private final String pipeline;
    private final String slot;
    private final String publication;

    PgSetup(PgSourceConfig config, PgConnections connections, String pipeline) {
        this.config = config;
        this.connections = connections;
        this.pipeline = pipeline;
        this.slot = config.slotFor(pipeline);
        this.publication = config.publicationFor(pipeline);
    }

    /**
     * Checks the server, ensures the publication and the slot; {@code checkpoint} is the latest
     * position the pipeline stored (null on a first start), which the slot must not be ahead of.
     */
    Prepared prepare(PgPosition checkpoint) throws SQLException {
        try (Connection c = connections.regular()) {
            PgCatalog cat = new PgCatalog(c);
            String walLevel = cat.show("wal_level");
            if (!"logical".equals(walLevel)) {
                throw new SourceUnavailableException("wal_level is '" + walLevel + "' on " + config.displayUrl()
                        + "; logical decoding needs 'logical': set wal_level=logical (ALTER SYSTEM SET wal_level = logical)"
                        + " and restart the server", false);
            }
            if (!cat.canReplicate()) {
                throw new SourceUnavailableException("user '" + config.user() + "' may not use replication on "
                        + config.displayUrl() + "; run ALTER ROLE " + SqlDialect.POSTGRESQL.quote(config.user()) + " REPLICATION (or use a superuser)", false);
            }
            String database = cat.currentDatabase();
            int version = cat.serverVersionNum();
            ensurePublication(cat, database);
            Optional<PgCatalog.Slot> existing = cat.slot(slot);
            if (existing.isEmpty()) {
                if (checkpoint != null) {
                    throw new CheckpointConflictException("replication slot '" + slot + "' is missing but pipeline "
                            + pipeline + " has a checkpoint at " + checkpoint + ": changes after it may be lost."
                            + " To recover, re-snapshot the tables into your target and delete the checkpoint row"
                            + " (DELETE FROM tidemark.checkpoints WHERE pipeline = '" + pipeline + "'), then start again");
                }
                if (!config.createMissing()) {
                    throw new SourceUnavailableException("replication slot '" + slot + "' does not exist on " + config.displayUrl()
                            + "; create it (SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput'))"
                            + " or allow Tidemark to create it (create_missing: true)", false);
                }
                int[] usage = cat.slotUsage();
                if (usage[0] >= usage[1]) {
                    throw new SourceUnavailableException("no free replication slot on " + config.displayUrl() + ": " + usage[0]
                            + " of max_replication_slots=" + usage[1] + " are used; raise max_replication_slots and restart"
                            + " the server, or drop an unused slot", false);
                }
                createSlot();
                log.info("pipeline {}: created replication slot {} (pgoutput)", pipeline, slot);
                return new Prepared(database, version, Lsn.INVALID);
            }
            PgCatalog.Slot s = existing.get();
            if (!"pgoutput".equals(s.plugin()) || !"logical".equals(s.type())) {
                throw new SourceUnavailableException("replication slot '" + slot + "' uses plugin '" + s.plugin()
                        + "'; Tidemark needs a logical pgoutput slot: choose another slot name or drop this slot", false);
            }
            if (!database.equals(s.database())) {
                throw new SourceUnavailableException("replication slot '" + slot + "' belongs to database '" + s.database()
                        + "', not '" + database + "'; choose another slot name", false);
            }
            if (s.active()) {
                throw new SourceUnavailableException("replication slot '" + slot + "' is in use by another connection (pid "
                        + s.activePid() + "); stop that consumer or choose another slot name", true);
            }
            if (checkpoint != null && s.confirmedFlush().isAfter(checkpoint.commitLsn())) {
                throw new CheckpointConflictException("replication slot '" + slot + "' was confirmed up to "
                        + s.confirmedFlush() + ", past pipeline " + pipeline + "'s checkpoint at " + checkpoint
                        + ": another consumer took changes from this slot, and they may be missing downstream. To recover,"
                        + " re-snapshot the tables into your target and delete the checkpoint row, or use a slot of your own");
            }
            Lsn start = checkpoint == null ? Lsn.INVALID
                    : s.confirmedFlush().isAfter(checkpoint.commitLsn()) ? s.confirmedFlush() : checkpoint.commitLsn();
            return new Prepared(database, version, start);
        }
    }

    private void ensurePublication(PgCatalog cat, String database) throws SQLException {
        for (TableName t : config.tables()) {
            PgCatalog.TableInfo info = cat.table(t);
            if (!info.exists()) {
                throw new SourceUnavailableException("table " + t + " does not exist in database '" + database
                        + "' (or is not a table); check the source tables list" + PgPreflight.foldingHint(t), false);
            }
        }
        Optional<Boolean> all = cat.publicationAllTables(publication);
        try {
            if (all.isEmpty()) {
                if (!config.createMissing()) {
                    throw new SourceUnavailableException("publication '" + publication + "' does not exist in database '"
                            + database + "'; create it (CREATE PUBLICATION " + SqlDialect.POSTGRESQL.quote(publication) + " FOR TABLE ...)"
                            + " or allow Tidemark to create it (create_missing: true)", false);
                }
                cat.createPublication(publication, config.tables(), config.allTables());
                log.info("pipeline {}: created publication {} for {}", pipeline, publication,
                        config.allTables() ? "all tables" : config.tables());
            } else if (!all.get()) {
                if (config.allTables()) {
                    throw new SourceUnavailableException("publication '" + publication + "' lists tables, but the source is"
                            + " configured for all tables; drop the publication or name another", false);
                }
                Set<TableName> present = cat.publicationTables(publication);
                List<TableName> missing = new ArrayList<>();
                for (TableName t : config.tables()) {
                    if (!present.contains(t)) {
                        missing.add(t);
                    }
                }
                if (!missing.isEmpty()) {
                    if (!config.createMissing()) {
                        throw new SourceUnavailableException("publication '" + publication + "' lacks tables " + missing
                                + "; ALTER PUBLICATION " + SqlDialect.POSTGRESQL.quote(publication) + " ADD TABLE ...", false);
                    }
                    cat.addToPublication(publication, missing);
                    log.info("pipeline {}: added {} to publication {}", pipeline, missing, publication);
                }
            }
        } catch (SQLException e) {
            if ("42501".equals(e.getSQLState())) {
                throw new SourceUnavailableException("user '" + config.user() + "' may not create or alter publication '"
                        + publication + "': " + e.getMessage() + "; create it as the tables' owner or a superuser"
                        + " (CREATE PUBLICATION " + SqlDialect.POSTGRESQL.quote(publication) + " FOR TABLE ...)", false, e);
            }
            throw e;
        }
    }

    private void createSlot() throws SQLException {
        try (Connection rc = connections.replication()) {
            rc.unwrap(PGConnection.class).getReplicationAPI().createReplicationSlot().logical()
                    .withSlotName(slot).withOutputPlugin("pgoutput").make();
        }
    }

    void dropSlot() {
        try (Connection c = connections.regular()) {
            new PgCatalog(c).dropSlot(slot);
            log.info("pipeline {}: dropped replication slot {} as configured", pipeline, slot);
        } catch (Exception e) {
            log.warn("pipeline {}: could not drop replication slot {}: {}", pipeline, slot, e.getMessage());
        }
    }

}
