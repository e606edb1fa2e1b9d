package dev.tidemark.mysqlbinlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.testing.DatabaseExtension;
import dev.tidemark.testing.MariaDbExtension;
import dev.tidemark.testing.MariaDbServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The type suite with column facts from the binlog itself (binlog_row_metadata=FULL). */
@Tag("mariadb")
class TypesWithRowMetadataTest extends AbstractTypesTest {
    @RegisterExtension
    static final MariaDbExtension db = new MariaDbExtension();

    @BeforeAll
    static void start() {
        assertThat(db.server().variable("binlog_row_metadata")).isEqualTo("FULL");
        startPipeline(db, "types_full");
    }

    @Override
    DatabaseExtension<MariaDbServer> db() {
        return db;
    }
}
