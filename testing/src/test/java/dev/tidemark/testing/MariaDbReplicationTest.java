package dev.tidemark.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("mariadb")
class MariaDbReplicationTest {

    @Test
    void replicaAppliesThePrimarysRowsAndCanBePromoted() {
        try (MariaDbServer primary = MariaDbServer.startDedicated();
             MariaDbServer replica = MariaDbServer.startDedicated()) {
            assertThat(replica.serverId()).isNotEqualTo(primary.serverId());
            primary.createDatabase("app");
            primary.execute("app", "CREATE TABLE t (id int PRIMARY KEY, v varchar(20))", "INSERT INTO t VALUES (1, 'before')");

            replica.replicateFrom(primary);
            primary.execute("app", "INSERT INTO t VALUES (2, 'after')");
            replica.awaitReplicationFrom(primary, Duration.ofSeconds(30));

            assertThat(replica.queryForList("app", "SELECT id, v FROM t ORDER BY id"))
                    .extracting(row -> row.get("v")).containsExactly("before", "after");
            assertThat(replica.variable("gtid_slave_pos")).isEqualTo(primary.variable("gtid_binlog_pos"));
            // log_slave_updates: the replica's own binlog carries the primary's GTIDs, so it can take over
            assertThat(replica.variable("gtid_binlog_pos")).isEqualTo(primary.variable("gtid_binlog_pos"));

            replica.stopReplicating();
            replica.execute("app", "INSERT INTO t VALUES (3, 'promoted')");
            assertThat(replica.queryScalar("app", "SELECT count(*) FROM t")).isEqualTo(3L);
            assertThat(primary.queryScalar("app", "SELECT count(*) FROM t")).isEqualTo(2L);
        }
    }
}
