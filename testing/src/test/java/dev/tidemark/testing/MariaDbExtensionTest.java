package dev.tidemark.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("mariadb")
class MariaDbExtensionTest {

    @RegisterExtension
    static final MariaDbExtension mariadb = new MariaDbExtension();

    @Test
    void givesTheClassAFreshDatabaseOnTheSharedServer() {
        assertThat(mariadb.database()).matches("mariadbextensiontest_[0-9a-f]{8}");
        assertThat(mariadb.server()).isSameAs(MariaDbServer.shared());
        assertThat(mariadb.queryScalar("SELECT DATABASE()")).isEqualTo(mariadb.database());

        mariadb.execute("CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1), (2)");

        assertThat(mariadb.queryLong("SELECT count(*) FROM t")).isEqualTo(2);
    }
}
