package dev.tidemark.daemon.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.daemon.internal.config.CheckpointConfig;
import dev.tidemark.daemon.internal.config.JdbcTarget;
import dev.tidemark.daemon.internal.config.PipelineConfig;
import dev.tidemark.daemon.internal.config.Secret;
import dev.tidemark.engine.spi.ChangeSource;
import dev.tidemark.engine.sql.TableName;
import dev.tidemark.mysqlbinlog.MySqlBinlogSource;
import dev.tidemark.mysqlbinlog.MySqlSourceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DefaultComponentsTest {

    @Test
    void aMysqlPipelineRunsOnTheBinlogSourceBuiltFromItsConfig() throws Exception {
        PipelineConfig p = DaemonRuntimeTest.config("""
                pipelines:
                  - name: shop
                    source:
                      type: mysql
                      url: 'jdbc:mysql://db:3307/shop'
                      user: cdc
                      password: s3cret
                      server_id: 5401
                      tables: [shop.orders, shop.customers]
                      heartbeat_interval: 2s
                      spill_directory: spill
                    sinks: [{type: stdout}]
                """).pipelines().get(0);
        DefaultComponents components = new DefaultComponents();

        try (ChangeSource source = components.source(p.name(), p.source())) {
            assertThat(source).isInstanceOf(MySqlBinlogSource.class);
            MySqlSourceConfig c = ((MySqlBinlogSource) source).config();
            assertThat(c.url()).isEqualTo("jdbc:mysql://db:3307/shop");
            assertThat(c.user()).isEqualTo("cdc");
            assertThat(c.password()).isEqualTo("s3cret");
            assertThat(c.tables()).containsExactly(new TableName("shop", "orders"), new TableName("shop", "customers"));
            assertThat(c.serverId()).isEqualTo(OptionalLong.of(5401));
            assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
            assertThat(c.spillDirectory()).isEqualTo(Path.of("/tmp/spill"));
        }
    }

    @Test
    void withoutServerIdTheSourceDerivesOneFromThePipelineName() throws Exception {
        PipelineConfig p = DaemonRuntimeTest.config("""
                pipelines:
                  - name: shop
                    source: {type: mysql, url: 'jdbc:mariadb://db/', user: cdc, tables: [shop.orders]}
                    sinks: [{type: stdout}]
                """).pipelines().get(0);

        try (ChangeSource source = new DefaultComponents().source(p.name(), p.source())) {
            MySqlSourceConfig c = ((MySqlBinlogSource) source).config();
            assertThat(c.serverId()).isEmpty();
            assertThat(c.serverIdFor("shop")).isBetween(MySqlSourceConfig.DEFAULT_SERVER_ID_BASE,
                    MySqlSourceConfig.DEFAULT_SERVER_ID_BASE + MySqlSourceConfig.DEFAULT_SERVER_ID_SPAN - 1);
            assertThat(c.heartbeatInterval()).isEqualTo(MySqlSourceConfig.DEFAULT_HEARTBEAT);
        }
    }

    @Test
    void aJdbcMysqlCheckpointUrlIsOpenedWithMariaDbConnectorJ() {
        JdbcTarget mysql = new JdbcTarget("jdbc:mysql://db:3306/shop?useSSL=false", "cdc", Secret.EMPTY);
        JdbcTarget pg = new JdbcTarget("jdbc:postgresql://db/shop", "cdc", Secret.EMPTY);

        assertThat(JdbcCheckpointDatabase.driverUrl(new CheckpointConfig(mysql, "tidemark", true)))
                .isEqualTo("jdbc:mariadb://db:3306/shop?useSSL=false");
        assertThat(JdbcCheckpointDatabase.driverUrl(new CheckpointConfig(pg, "tidemark", true)))
                .isEqualTo("jdbc:postgresql://db/shop");
    }
}
