package dev.tidemark.migrations.internal;

import dev.tidemark.engine.TidemarkException;
import dev.tidemark.engine.sql.SqlDialect;
import dev.tidemark.migrations.TidemarkMigrations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import liquibase.Scope;
import liquibase.UpdateSummaryEnum;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.ChangeExecListenerCommandStep;
import liquibase.command.core.helpers.DatabaseChangelogCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Liquibase's {@code update} for Tidemark's changelog on a caller's connection, with the history
 * tables in Tidemark's schema, no console output and no usage reporting.
 */
public final class LiquibaseRunner {
    private static final Logger LOG = LoggerFactory.getLogger(LiquibaseRunner.class);

    private LiquibaseRunner() {
    }

    /** Applies pending changesets and returns their ids; the connection stays open and is restored. */
    public static List<String> update(Connection connection, String schema) {
        Vendor vendor = Vendor.of(connection);
        SessionState saved = SessionState.capture(connection, vendor);
        try {
            // Liquibase keeps DATABASECHANGELOG in the schema we name, so that schema must exist first
            createSchema(connection, vendor, schema);
            List<String> applied = runUpdate(connection, vendor, schema);
            if (applied.isEmpty()) {
                LOG.debug("Tidemark schema {} is up to date", schema);
            } else {
                LOG.info("applied Tidemark migrations {} to schema {}", applied, schema);
            }
            return applied;
        } catch (SQLException e) {
            throw new TidemarkException("cannot apply Tidemark's migrations to schema '" + schema + "': " + e.getMessage()
                    + "; the user needs the right to create a " + (vendor == Vendor.POSTGRESQL ? "schema" : "database")
                    + " and tables, or an administrator can run `tidemark migrate`", e);
        } finally {
            saved.restore(connection);
        }
    }

    private static void createSchema(Connection c, Vendor vendor, String schema) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        try (Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            st.execute(vendor == Vendor.POSTGRESQL
                    ? "CREATE SCHEMA IF NOT EXISTS " + SqlDialect.POSTGRESQL.quote(schema)
                    : "CREATE DATABASE IF NOT EXISTS " + SqlDialect.MYSQL.quote(schema));
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static List<String> runUpdate(Connection connection, Vendor vendor, String schema) throws SQLException {
        List<String> applied = Collections.synchronizedList(new ArrayList<>());
        Map<String, Object> scope = new HashMap<>();
        scope.put(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(LiquibaseRunner.class.getClassLoader()));
        scope.put(Scope.Attr.ui.name(), new LoggerUIService());
        scope.put(Scope.Attr.logService.name(), new Slf4jLogService());
        // a library must not phone home: Liquibase's usage analytics stay off
        scope.put("liquibase.analytics.enabled", Boolean.FALSE);
        try {
            Scope.child(scope, () -> {
                Database database = DatabaseFactory.getInstance()
                        .findCorrectDatabaseImplementation(new JdbcConnection(connection));
                if (vendor == Vendor.POSTGRESQL) {
                    database.setDefaultSchemaName(schema);
                    database.setLiquibaseSchemaName(schema);
                } else {
                    // MySQL and MariaDB have no schemas inside a database: Liquibase calls the database a catalog
                    database.setDefaultCatalogName(schema);
                    database.setLiquibaseCatalogName(schema);
                }
                ChangeLogParameters parameters = new ChangeLogParameters(database);
                parameters.set(TidemarkMigrations.SCHEMA_PARAMETER, schema);
                new CommandScope(UpdateCommandStep.COMMAND_NAME)
                        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, TidemarkMigrations.CHANGELOG)
                        .addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_PARAMETERS, parameters)
                        .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY, UpdateSummaryEnum.OFF)
                        .addArgumentValue(ChangeExecListenerCommandStep.CHANGE_EXEC_LISTENER_ARG, new AbstractChangeExecListener() {
                            @Override
                            public void ran(ChangeSet changeSet, DatabaseChangeLog changeLog, Database db,
                                            ChangeSet.ExecType execType) {
                                if (execType == ChangeSet.ExecType.EXECUTED) {
                                    applied.add(changeSet.getId());
                                }
                            }
                        })
                        .setOutput(java.io.OutputStream.nullOutputStream())
                        .execute();
                // the Database is not closed: that would close the caller's connection
            });
        } catch (Exception e) {
            SQLException sql = findCause(e, SQLException.class);
            if (sql != null) {
                throw new SQLException(rootMessage(e), sql.getSQLState(), sql.getErrorCode(), e);
            }
            throw new TidemarkException("Liquibase failed to apply " + TidemarkMigrations.CHANGELOG + " to schema '"
                    + schema + "': " + rootMessage(e), e);
        }
        return List.copyOf(applied);
    }

    private static <T extends Throwable> T findCause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (caused by: " + root.getMessage() + ")";
    }

    /** The database families the changelog supports. */
    enum Vendor {
        POSTGRESQL, MYSQL;

        static Vendor of(Connection c) {
            try {
                String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
                if (product.contains("postgresql")) {
                    return POSTGRESQL;
                }
                if (product.contains("mysql") || product.contains("mariadb")) {
                    return MYSQL;
                }
                throw new TidemarkException("Tidemark's migrations support PostgreSQL, MySQL and MariaDB, not "
                        + c.getMetaData().getDatabaseProductName() + "; keep Tidemark's checkpoints in one of those");
            } catch (SQLException e) {
                throw new TidemarkException("cannot tell which database the connection is to: " + e.getMessage(), e);
            }
        }
    }

    /**
     * What Liquibase may change on the caller's session and we put back: auto-commit, and the current
     * schema (PostgreSQL search_path) or database (MySQL).
     */
    private record SessionState(boolean autoCommit, String searchPathOrCatalog, Vendor vendor) {
        static SessionState capture(Connection c, Vendor vendor) {
            try {
                String current;
                if (vendor == Vendor.POSTGRESQL) {
                    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW search_path")) {
                        rs.next();
                        current = rs.getString(1);
                    }
                } else {
                    current = c.getCatalog();
                }
                return new SessionState(c.getAutoCommit(), current, vendor);
            } catch (SQLException e) {
                throw new TidemarkException("cannot read the session state before migrating: " + e.getMessage(), e);
            }
        }

        void restore(Connection c) {
            try {
                if (c.isClosed()) {
                    return;
                }
                if (vendor == Vendor.POSTGRESQL) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT set_config('search_path', ?, false)")) {
                        ps.setString(1, searchPathOrCatalog);
                        ps.execute();
                    }
                    if (!c.getAutoCommit()) {
                        c.commit(); // a rollback by the caller must not undo the restored search_path
                    }
                } else if (searchPathOrCatalog != null) {
                    c.setCatalog(searchPathOrCatalog);
                }
                if (c.getAutoCommit() != autoCommit) {
                    c.setAutoCommit(autoCommit);
                }
            } catch (SQLException e) {
                LOG.warn("could not restore the connection's session after migrating: {}", e.getMessage());
            }
        }
    }
}
