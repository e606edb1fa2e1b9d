package dev.tidemark.migrations;

import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;
import liquibase.Scope;
import liquibase.changelog.ChangeLogParameters;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DatabaseChangelogCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/** Runs a changelog the way a user's application would with its own Liquibase. */
final class UserLiquibase {
    interface DatabaseSetup {
        void apply(Database database) throws Exception;
    }

    private UserLiquibase() {
    }

    static void update(Connection c, String changelog, Map<String, String> parameters, DatabaseSetup setup)
            throws Exception {
        Map<String, Object> scope = new HashMap<>();
        scope.put(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(UserLiquibase.class.getClassLoader()));
        scope.put("liquibase.analytics.enabled", false);
        Scope.child(scope, () -> {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            setup.apply(database);
            ChangeLogParameters changeLogParameters = new ChangeLogParameters(database);
            parameters.forEach(changeLogParameters::set);
            new CommandScope(UpdateCommandStep.COMMAND_NAME)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                    .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog)
                    .addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_PARAMETERS, changeLogParameters)
                    .setOutput(java.io.OutputStream.nullOutputStream())
                    .execute();
        });
    }
}
