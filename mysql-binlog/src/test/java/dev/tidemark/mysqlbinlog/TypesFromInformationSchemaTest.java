package dev.tidemark.mysqlbinlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.testing.DatabaseExtension;
import dev.tidemark.testing.MariaDbExtension;
import dev.tidemark.testing.MariaDbServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The type suite with column facts from information_schema (binlog_row_metadata=MINIMAL). */
@Tag("mariadb")
class TypesFromInformationSchemaTest extends AbstractTypesTest {
    @RegisterExtension
    static final MariaDbExtension db = MariaDbExtension.dedicatedServer();

    @BeforeAll
    static void start() {
        db.server().execute("", "SET GLOBAL binlog_row_metadata = MINIMAL");
        assertThat(db.server().variable("binlog_row_metadata")).isEqualTo("MINIMAL");
        startPipeline(db, "types_minimal");
    }

    @Override
    DatabaseExtension<MariaDbServer> db() {
        return db;
    }
}
