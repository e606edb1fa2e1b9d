package dev.tidemark.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("postgres")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresExtensionTest {

    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();

    @BeforeAll
    static void createSchema() {
        pg.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
    }

    @Test
    @Order(1)
    void givesTheClassAFreshDatabaseNamedAfterIt() {
        assertThat(pg.database()).matches("postgresextensiontest_[0-9a-f]{8}");
        assertThat(pg.server()).isSameAs(PostgresServer.shared());
        assertThat(pg.queryScalar("SELECT current_database()")).isEqualTo(pg.database());
        assertThat(pg.queryLong("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"))
                .isEqualTo(1);
    }

    @Test
    @Order(2)
    void keepsTheDatabaseAcrossTheClassesTests() throws Exception {
        pg.execute("INSERT INTO items VALUES (1, 'a'), (2, 'b')");
        try (Connection c = pg.connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name FROM items ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("a");
        }
        try (Connection c = pg.dataSource().getConnection()) {
            assertThat(c.getCatalog()).isEqualTo(pg.database());
        }
        assertThat(pg.queryForList("SELECT id, name FROM items WHERE id = ?", 2))
                .containsExactly(java.util.Map.of("id", 2, "name", "b"));
    }

    @Test
    @Order(3)
    void logicalDecodingWorksInTheDatabase() {
        pg.execute("SELECT pg_create_logical_replication_slot('ext_test_slot', 'test_decoding')",
                "INSERT INTO items VALUES (3, 'c')");
        assertThat(pg.queryForList("SELECT data FROM pg_logical_slot_get_changes('ext_test_slot', NULL, NULL)"))
                .extracting(row -> (String) row.get("data"))
                .anySatisfy(data -> assertThat(data).contains("INSERT").contains("'c'"));
        // the slot is dropped with the database after the class
    }
}
