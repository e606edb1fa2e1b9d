package dev.tidemark.migrations;

import dev.tidemark.testing.DatabaseExtension;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the behaviour suites share: the test class's database, its vendor's SQL, and schemas no other
 * test uses. A vendor's test class passes its extension and dialect and adds nothing else.
 */
abstract class DatabaseContract {
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private final DatabaseExtension<?> db;
    final SqlDialect dialect;
    private final String schemaTag;

    /** {@code schemaTag} starts this suite's schema names, so two suites on one server never share one. */
    DatabaseContract(DatabaseExtension<?> db, SqlDialect dialect, String schemaTag) {
        this.db = db;
        this.dialect = dialect;
        this.schemaTag = schemaTag;
    }

    /** The test class's database. */
    final DatabaseExtension<?> db() {
        return db;
    }

    /** A schema no other test uses; on MySQL/MariaDB a database, shared by the whole server. */
    final String freshSchema() {
        return schemaPrefix() + SCHEMAS.incrementAndGet();
    }

    /** What every schema of this test class starts with: the random suffix of the class's database. */
    final String schemaPrefix() {
        return schemaTag + "_" + db.database().substring(db.database().lastIndexOf('_') + 1) + "_";
    }
}
