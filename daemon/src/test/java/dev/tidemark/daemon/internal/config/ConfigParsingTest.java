package dev.tidemark.daemon.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.RetryPolicy;
import dev.tidemark.mysqlbinlog.MySqlBinlogSource;
import dev.tidemark.pglogical.PgSourceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ConfigParsingTest {

    @Test
    void minimalPipelineGetsEveryDefault() {
        TidemarkConfig config = Yaml.parse("""
                pipelines:
                  - name: shop
                    source:
                      type: postgres
                      url: jdbc:postgresql://127.0.0.1:5432/shop
                      user: postgres
                      password: ${PGPASSWORD:-}
                      tables: [public.orders, public.customers]
                    sinks:
                      - type: jsonl
                        path: out/shop.jsonl
                """);

        assertThat(config.http()).isEmpty();
        assertThat(config.pipelines()).hasSize(1);
        PipelineConfig p = config.pipelines().get(0);
        assertThat(p.name()).isEqualTo("shop");
        JdbcTarget db = new JdbcTarget("jdbc:postgresql://127.0.0.1:5432/shop", "postgres", Secret.EMPTY);
        assertThat(p.source()).isEqualTo(new PostgresSourceKind.Config(db, List.of("public.orders", "public.customers"),
                false, Optional.empty(), Optional.empty(), PgSourceConfig.Streaming.AUTO, Optional.empty(),
                Optional.empty(), false, true, Optional.empty()));
        assertThat(p.sinks()).containsExactly(new JsonlSinkKind.Config(Yaml.WORK.resolve("out/shop.jsonl")));
        assertThat(p.maxBatchEvents()).isEqualTo(Pipeline.Builder.DEFAULT_MAX_BATCH_EVENTS);
        assertThat(p.queueCapacityEvents()).isEmpty();
        assertThat(p.handlerRetry()).isEqualTo(RetryPolicy.HANDLER_DEFAULT);
        assertThat(p.reconnect()).isEqualTo(RetryPolicy.RECONNECT_DEFAULT);
        assertThat(p.checkpoint()).isEqualTo(new CheckpointConfig(db, "tidemark", true));
    }

    @Test
    void everyPostgresAndPipelineKeyIsRead() {
        TidemarkConfig config = Yaml.parse("""
                http:
                  port: 9464
                  bind: 0.0.0.0
                pipelines:
                  - name: shop_2
                    source:
                      type: postgres
                      url: jdbc:postgresql://db:5432/shop
                      user: cdc
                      password: pw
                      all_tables: true
                      slot: shop_slot
                      publication: ShopPub
                      streaming: off
                      heartbeat_interval: 30s
                      status_interval: 500ms
                      drop_slot_on_stop: true
                      create_missing: false
                      spill_directory: /var/tmp/spill
                    sinks:
                      - type: stdout
                      - type: jsonl
                        path: /data/shop.jsonl
                    max_batch_events: 500
                    queue_capacity_events: 2000
                    handler_retry: {max_attempts: 3, initial_backoff: 1s, max_backoff: 1m, multiplier: 1.5}
                    reconnect: {max_attempts: 0, initial_backoff: PT2S, max_backoff: 2m}
                    checkpoint:
                      url: jdbc:postgresql://meta:5432/meta
                      user: meta
                      password: metapw
                      schema: cdc_state
                      auto_migrate: false
                """);

        assertThat(config.http()).contains(new HttpConfig("0.0.0.0", 9464));
        PipelineConfig p = config.pipelines().get(0);
        assertThat(p.source()).isEqualTo(new PostgresSourceKind.Config(
                new JdbcTarget("jdbc:postgresql://db:5432/shop", "cdc", Secret.of("pw")), List.of(), true,
                Optional.of("shop_slot"), Optional.of("ShopPub"), PgSourceConfig.Streaming.OFF,
                Optional.of(Duration.ofSeconds(30)), Optional.of(Duration.ofMillis(500)), true, false,
                Optional.of(Path.of("/var/tmp/spill"))));
        assertThat(p.sinks()).containsExactly(new StdoutSinkKind.Config(),
                new JsonlSinkKind.Config(Path.of("/data/shop.jsonl")));
        assertThat(p.maxBatchEvents()).isEqualTo(500);
        assertThat(p.queueCapacityEvents()).isEqualTo(OptionalInt.of(2000));
        assertThat(p.handlerRetry()).isEqualTo(new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofMinutes(1), 1.5));
        assertThat(p.reconnect()).isEqualTo(new RetryPolicy(0, Duration.ofSeconds(2), Duration.ofMinutes(2),
                RetryPolicy.RECONNECT_DEFAULT.multiplier()));
        assertThat(p.checkpoint()).isEqualTo(new CheckpointConfig(
                new JdbcTarget("jdbc:postgresql://meta:5432/meta", "meta", Secret.of("metapw")), "cdc_state", false));
    }

    @Test
    void checkpointKeysNotGivenFallBackToTheSourceOnesOneByOne() {
        PipelineConfig p = Yaml.parse(Yaml.pipeline("""
                checkpoint:
                  user: meta
                """)).pipelines().get(0);

        assertThat(p.checkpoint().database())
                .isEqualTo(new JdbcTarget("jdbc:postgresql://127.0.0.1:5432/shop", "meta", Secret.of("s3cret")));
        assertThat(p.checkpoint().schema()).isEqualTo("tidemark");
        assertThat(p.checkpoint().autoMigrate()).isTrue();
    }

    @Test
    void emptyHttpSectionEnablesTheEndpointWithDefaults() {
        TidemarkConfig config = Yaml.parse("http: {}\n" + Yaml.pipeline(""));

        assertThat(config.http()).contains(new HttpConfig("127.0.0.1", 8080));
    }

    @Test
    void httpPortZeroMeansAnyFreePort() {
        assertThat(Yaml.parse("http: {port: 0}\n" + Yaml.pipeline("")).http()).contains(new HttpConfig("127.0.0.1", 0));
    }

    @Test
    void streamingAcceptsAutoAndQuotedOff() {
        assertThat(((PostgresSourceKind.Config) Yaml.parse(Yaml.source("tables: [a.b]\nstreaming: auto"))
                .pipelines().get(0).source()).streaming()).isEqualTo(PgSourceConfig.Streaming.AUTO);
        assertThat(((PostgresSourceKind.Config) Yaml.parse(Yaml.source("tables: [a.b]\nstreaming: 'off'"))
                .pipelines().get(0).source()).streaming()).isEqualTo(PgSourceConfig.Streaming.OFF);
    }

    @Test
    void mysqlSourceIsParsed() {
        PipelineConfig p = Yaml.parse("""
                pipelines:
                  - name: legacy
                    source:
                      type: mysql
                      url: jdbc:mariadb://127.0.0.1:3306/
                      user: repl
                      password: pw
                      server_id: 4242
                      tables: [shop.orders]
                      heartbeat_interval: 750ms
                      spill_directory: spill
                    sinks: [{type: stdout}]
                """).pipelines().get(0);

        JdbcTarget db = new JdbcTarget("jdbc:mariadb://127.0.0.1:3306/", "repl", Secret.of("pw"));
        assertThat(p.source()).isEqualTo(new MysqlSourceKind.Config(db, List.of("shop.orders"), OptionalLong.of(4242),
                Optional.of(Duration.ofMillis(750)), Optional.of(Yaml.WORK.resolve("spill"))));
        // checkpoints live beside the data: the tidemark database on the source server
        assertThat(p.checkpoint()).isEqualTo(new CheckpointConfig(db, "tidemark", true));
    }

    @Test
    void mysqlUrlMayUseTheMysqlPrefixAndServerIdIsOptional() {
        PipelineConfig p = Yaml.parse("""
                pipelines:
                  - name: legacy
                    source: {type: mysql, url: 'jdbc:mysql://db/', user: repl, tables: [shop.orders]}
                    sinks: [{type: stdout}]
                """).pipelines().get(0);

        MysqlSourceKind.Config my = (MysqlSourceKind.Config) p.source();
        assertThat(my.serverId()).isEmpty();
        assertThat(my.heartbeatInterval()).isEmpty();
        assertThat(my.spillDirectory()).isEmpty();
        // the effective values are the source builder's defaults
        long derived = MySqlBinlogSource.builder().url("jdbc:mysql://db/").user("repl").tables("shop.orders").build()
                .config().serverIdFor("legacy");
        assertThat(new PipelinesSection(Kinds.defaults()).describe(p)).contains("source mysql jdbc:mysql://db/ as repl",
                "server_id " + derived + " (derived from the pipeline name), heartbeat 5s");
    }

    @Test
    void severalPipelinesKeepFileOrder() {
        TidemarkConfig config = Yaml.parse("""
                pipelines:
                  - name: b
                    source: {type: postgres, url: 'jdbc:postgresql://h/db', user: u, tables: [s.t]}
                    sinks: [{type: jsonl, path: b.jsonl}]
                  - name: a
                    source: {type: postgres, url: 'jdbc:postgresql://h/db', user: u, tables: [s.t]}
                    sinks: [{type: jsonl, path: a.jsonl}]
                """);

        assertThat(config.pipelines()).extracting(PipelineConfig::name).containsExactly("b", "a");
        assertThat(config.pipeline("a")).isPresent();
        assertThat(config.pipeline("c")).isEmpty();
    }

    @Test
    void relativeSinkPathsResolveAgainstTheWorkingDirectory() {
        PipelineConfig p = Yaml.parse(Yaml.pipeline("").replace("out/shop.jsonl", "./x/../out/s.jsonl"),
                Map.of()).pipelines().get(0);

        assertThat(p.sinks()).containsExactly(new JsonlSinkKind.Config(Path.of("/srv/tidemark/out/s.jsonl")));
    }
}
