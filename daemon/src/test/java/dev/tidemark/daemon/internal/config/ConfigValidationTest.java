package dev.tidemark.daemon.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tidemark.engine.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigValidationTest {

    private static List<String> problems(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> Yaml.parse(yaml)).problems();
    }

    @Test
    void unknownKeySuggestsTheClosestKnownOne() {
        assertThat(problems("""
                pipelines:
                  - name: shop
                    source: {type: postgres, url: 'jdbc:postgresql://h/db', user: u, tables: [s.t]}
                    sinks:
                      - type: stdout
                      - type: jsonl
                        pathh: out/x.jsonl
                """)).contains(
                "pipelines[0].sinks[1].pathh: unknown key (did you mean 'path'?)",
                "pipelines[0].sinks[1].path: missing (required: the file to append to, e.g. out/events.jsonl)");
    }

    @Test
    void unknownKeyWithNothingCloseListsTheKnownKeys() {
        assertThat(problems("colour: blue\n" + Yaml.pipeline("")))
                .containsExactly("colour: unknown key (known keys: http, pipelines)");
    }

    @Test
    void keyOfAnotherSourceTypeIsUnknown() {
        assertThat(problems("""
                pipelines:
                  - name: legacy
                    source: {type: mysql, url: 'jdbc:mariadb://h/', user: u, tables: [d.t], slot: x}
                    sinks: [{type: stdout}]
                """)).singleElement().asString().startsWith("pipelines[0].source.slot: unknown key");
    }

    @Test
    void wrongTypeNamesTheKeyAndTheValue() {
        assertThat(problems(Yaml.pipeline("max_batch_events: lots")))
                .containsExactly("pipelines[0].max_batch_events: expected an integer, got 'lots'");
    }

    @Test
    void everyProblemIsReportedTogether() {
        List<String> problems = problems("""
                http: {port: 70000}
                pipelines:
                  - name: Shop-1
                    source:
                      type: postgres
                      url: mysql://nope
                      tables: [public.orders]
                    sinks: []
                    max_batch_events: 0
                    handler_retry: {max_attempts: -1, multiplier: 0.5}
                    reconnect: {initial_backoff: 10, max_backoff: soon}
                """);

        assertThat(problems).containsExactlyInAnyOrder(
                "http.port: must be between 0 and 65535, got 70000",
                // the pipeline's and the source's own rules, in their builders' words
                "pipelines[0].name: pipeline name 'Shop-1' is invalid: use 1 to 48 lower-case letters, digits or"
                        + " underscores",
                "pipelines[0].source.url: source url 'mysql://nope' is not a PostgreSQL JDBC url: use"
                        + " jdbc:postgresql://host:port/database",
                "pipelines[0].source.user: missing (required: the database user name)",
                "pipelines[0].sinks: is empty: configure at least one sink (jsonl or stdout)",
                "pipelines[0].max_batch_events: must be between 1 and 1000000, got 0",
                "pipelines[0].handler_retry.max_attempts: must be at least 0, got -1",
                "pipelines[0].handler_retry.multiplier: must be at least 1.0, got 0.5",
                "pipelines[0].reconnect.initial_backoff: expected a duration with a unit, got 10 (write e.g. '10s' or '10ms')",
                "pipelines[0].reconnect.max_backoff: expected a duration such as 500ms, 10s, 2m, 1h, 1m30s or PT10S,"
                        + " got 'soon'");
        assertThat(catchThrowableOfType(ConfigException.class, () -> Yaml.parse("http: {port: 70000}\npipelines: []")))
                .hasMessageStartingWith("2 configuration problems:\n  - ");
    }

    @Test
    void duplicatePipelineNamesAreRejected() {
        assertThat(problems("""
                pipelines:
                  - name: shop
                    source: {type: postgres, url: 'jdbc:postgresql://h/db', user: u, tables: [s.t], slot: a}
                    sinks: [{type: stdout}]
                  - name: shop
                    source: {type: postgres, url: 'jdbc:postgresql://h/db', user: u, tables: [s.t], slot: b}
                    sinks: [{type: stdout}]
                """)).containsExactly(
                "pipelines[1].name: duplicate pipeline name 'shop' (also pipelines[0].name): pipeline names must be unique");
    }

    @Test
    void pipelineNameLongerThan48IsRejected() {
        String name = "a".repeat(49);
        assertThat(problems(Yaml.pipeline("").replace("name: shop", "name: " + name)))
                .singleElement().asString().startsWith("pipelines[0].name: pipeline name '" + name + "' is invalid");
        assertThat(Yaml.parse(Yaml.pipeline("").replace("name: shop", "name: " + "a".repeat(48))).pipelines()).hasSize(1);
    }

    @Test
    void missingRequiredKeysAreNamed() {
        assertThat(problems("pipelines:\n  - {}\n")).containsExactlyInAnyOrder(
                "pipelines[0].name: missing (required: lower-case letters, digits and underscores)",
                "pipelines[0].source: missing (required: a mapping with type, url, user and tables)",
                "pipelines[0].sinks: missing (required: a list of sinks, e.g. - type: jsonl with a path)");
        assertThat(problems(Yaml.source(""))).containsExactly(
                "pipelines[0].source: list the tables to capture (schema.table, e.g. public.orders), or choose all tables");
        assertThat(problems(Yaml.source("tables: [a.b]").replace("type: postgres", "")))
                .containsExactly("pipelines[0].source.type: missing (required: postgres or mysql)");
    }

    @Test
    void tablesAndAllTablesExcludeEachOther() {
        // the source builder's rule, reported at the section
        assertThat(problems(Yaml.source("tables: [a.b]\nall_tables: true"))).containsExactly(
                "pipelines[0].source: choose either a table list or all tables, not both");
        assertThat(problems(Yaml.source("all_tables: false"))).containsExactly(
                "pipelines[0].source: list the tables to capture (schema.table, e.g. public.orders), or choose all tables");
        assertThat(problems(Yaml.source("tables: []"))).containsExactly(
                "pipelines[0].source: list the tables to capture (schema.table, e.g. public.orders), or choose all tables");
        assertThat(problems(Yaml.source("tables: [a.b, a.b]"))).containsExactly(
                "pipelines[0].source.tables[1]: table 'a.b' is a.b, which is listed already; list each table once");
        assertThat(problems(Yaml.source("tables: a.b"))).containsExactly(
                "pipelines[0].source.tables: expected a list, got 'a.b'");
    }

    @Test
    void unknownTypesSuggestTheRightOne() {
        assertThat(problems(Yaml.source("tables: [a.b]").replace("type: postgres", "type: postgresql")))
                .containsExactly("pipelines[0].source.type: expected one of postgres, mysql, got 'postgresql'"
                        + " (did you mean 'postgres'?)");
        assertThat(problems(Yaml.source("tables: [a.b]").replace("type: stdout", "type: stdot")))
                .containsExactly("pipelines[0].sinks[0].type: expected one of jsonl, stdout, got 'stdot'"
                        + " (did you mean 'stdout'?)");
        assertThat(problems(Yaml.source("tables: [a.b]\nstreaming: on"))).containsExactly(
                "pipelines[0].source.streaming: expected one of auto, off, got 'on'");
    }

    @Test
    void mysqlRulesAreChecked() {
        assertThat(problems("""
                pipelines:
                  - name: legacy
                    source: {type: mysql, url: 'jdbc:postgresql://h/db', user: u, server_id: 0, tables: [shop.orders]}
                    sinks: [{type: stdout}]
                  - name: legacy2
                    source: {type: mysql, url: 'jdbc:mysql://h/', user: u, heartbeat_interval: 50ms, spill_directory: ''}
                    sinks: [{type: stdout}]
                """)).containsExactlyInAnyOrder(
                "pipelines[0].source.url: source url 'jdbc:postgresql://h/db' is not a MySQL/MariaDB JDBC url: use"
                        + " jdbc:mariadb://host:port/database or jdbc:mysql://host:port/database (one host)",
                "pipelines[0].source.server_id: server_id must be between 1 and 4294967295, got 0",
                "pipelines[1].source: list the tables to capture (database.table, e.g. shop.orders)",
                "pipelines[1].source.heartbeat_interval: heartbeat interval must be at least 100 ms, got PT0.05S",
                "pipelines[1].source.spill_directory: must not be empty");
    }

    @Test
    void twoMysqlPipelinesMayNotShareAServerIdOnOneServer() {
        assertThat(problems("""
                pipelines:
                  - name: shop
                    source: {type: mysql, url: 'jdbc:mariadb://db:3306/shop', user: u, server_id: 7, tables: [shop.a]}
                    sinks: [{type: stdout}]
                  - name: web
                    source: {type: mysql, url: 'jdbc:mysql://db/web?useSSL=false', user: u, server_id: 7, tables: [web.a]}
                    sinks: [{type: stdout}]
                  - name: other_server
                    source: {type: mysql, url: 'jdbc:mariadb://db2/shop', user: u, server_id: 7, tables: [shop.a]}
                    sinks: [{type: stdout}]
                  - name: derived
                    source: {type: mysql, url: 'jdbc:mariadb://db/shop', user: u, tables: [shop.b]}
                    sinks: [{type: stdout}]
                """)).containsExactly("pipelines[1].source.server_id: server_id 7 on db:3306 is also used by"
                + " pipelines[0]: give each pipeline its own server_id, or leave it out to derive one from the pipeline name");
    }

    @Test
    void slotAndPublicationAndSchemaNamesAreChecked() {
        assertThat(problems(Yaml.source("tables: [a.b]\nslot: Big-Slot\npublication: 9pub")
                + "    checkpoint: {schema: Tide-Mark}\n")).containsExactlyInAnyOrder(
                "pipelines[0].source.slot: slot name 'Big-Slot' is invalid: PostgreSQL allows 1 to 63 lower-case"
                        + " letters, digits and underscores",
                "pipelines[0].source.publication: publication name '9pub' is invalid: use 1 to 63 letters, digits"
                        + " and underscores, not starting with a digit",
                "pipelines[0].checkpoint.schema: schema 'Tide-Mark' is not a plain identifier: use 1 to 63 lower-case"
                        + " letters, digits and underscores, not starting with a digit (default 'tidemark')");
    }

    @Test
    void twoPipelinesMayNotShareASlotOrAFile() {
        assertThat(problems("""
                pipelines:
                  - name: a
                    source: {type: postgres, url: 'jdbc:postgresql://h/db', user: u, tables: [s.t], slot: shared}
                    sinks: [{type: jsonl, path: out/x.jsonl}]
                  - name: b
                    source: {type: postgres, url: 'jdbc:postgresql://h/db', user: u, tables: [s.t], slot: shared}
                    sinks: [{type: jsonl, path: ./out/x.jsonl}]
                """)).containsExactly(
                "pipelines[1].sinks[0].path: '/srv/tidemark/out/x.jsonl' is also used by pipelines[0].sinks[0]:"
                        + " give each jsonl sink its own file",
                "pipelines[1].source.slot: slot 'shared' on jdbc:postgresql://h/db is also used by pipelines[0]:"
                        + " each pipeline needs its own slot");
    }

    @Test
    void theSameSlotNameOnAnotherDatabaseIsFine() {
        assertThat(Yaml.parse("""
                pipelines:
                  - name: a
                    source: {type: postgres, url: 'jdbc:postgresql://h/one', user: u, tables: [s.t], slot: same}
                    sinks: [{type: stdout}]
                  - name: b
                    source: {type: postgres, url: 'jdbc:postgresql://h/two', user: u, tables: [s.t], slot: same}
                    sinks: [{type: stdout}]
                """).pipelines()).hasSize(2);
    }

    @Test
    void twoStdoutSinksInOnePipelineAreRejected() {
        assertThat(problems(Yaml.source("tables: [a.b]").replace("      - type: stdout\n",
                "      - type: stdout\n      - type: stdout\n"))).containsExactly(
                "pipelines[0].sinks[1]: stdout is also used by pipelines[0].sinks[0]: keep one stdout sink per"
                        + " pipeline, a second would print every event twice");
    }

    @Test
    void queueMustHoldABatchAndBackoffsMustBeOrdered() {
        assertThat(problems(Yaml.pipeline("""
                max_batch_events: 100
                queue_capacity_events: 50
                handler_retry: {initial_backoff: 1m, max_backoff: 10s}
                """))).containsExactly(
                // the engine's rules (RetryPolicy, Pipeline.Builder#build), in its words
                "pipelines[0].handler_retry: need 0 <= initialBackoff <= maxBackoff, got PT1M and PT10S",
                "pipelines[0]: queueCapacityEvents (50) must be at least maxBatchEvents (100)");
    }

    @Test
    void zeroDurationsAreRefusedWhereTheyMakeNoSense() {
        assertThat(problems(Yaml.source("tables: [a.b]\nheartbeat_interval: 0s"))).containsExactly(
                "pipelines[0].source.heartbeat_interval: heartbeat interval must be positive, got PT0S");
        assertThat(Yaml.parse(Yaml.pipeline("handler_retry: {initial_backoff: 0ms}")).pipelines().get(0)
                .handlerRetry().initialBackoff()).isZero();
    }

    @Test
    void wrongShapesAreNamed() {
        assertThat(problems("pipelines: {name: shop}\n")).containsExactly(
                "pipelines: expected a list, got a mapping");
        assertThat(problems("- a\n- b\n")).containsExactly("top level: expected a mapping (key: value lines), got a list");
        assertThat(problems(Yaml.pipeline("checkpoint: yes"))).containsExactly(
                "pipelines[0].checkpoint: expected a mapping (key: value lines), got true");
        assertThat(problems(Yaml.source("tables: [a.b]\ndrop_slot_on_stop: maybe"))).containsExactly(
                "pipelines[0].source.drop_slot_on_stop: expected true or false, got 'maybe'");
        assertThat(problems(Yaml.source("tables: [a.b]\nslot: 123"))).containsExactly(
                "pipelines[0].source.slot: expected a string, got 123 (put the value in quotes)");
        assertThat(problems(Yaml.source("tables: [a.b]\nuser: [a, b]").replace("      user: postgres\n", "")))
                .containsExactly("pipelines[0].source.user: expected a string, got a list");
    }

    @Test
    void checkpointUrlMustBeJdbc() {
        assertThat(problems(Yaml.pipeline("checkpoint: {url: 'postgres://h/db'}"))).containsExactly(
                "pipelines[0].checkpoint.url: 'postgres://h/db' is not a supported JDBC url: use"
                        + " jdbc:postgresql://host:port/database or jdbc:mariadb://host:port/ (MySQL and MariaDB)");
    }

    @Test
    void yamlSyntaxErrorsGiveLineAndColumn() {
        assertThatThrownBy(() -> Yaml.parse("pipelines: [\n  - name: x\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("tidemark.yaml: line ")
                .hasMessageContaining("invalid YAML");
    }

    @Test
    void duplicateYamlKeysAreRejected() {
        assertThatThrownBy(() -> Yaml.parse("http: {port: 1}\nhttp: {port: 2}\n" + Yaml.pipeline("")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("Duplicate field 'http'");
    }

    @Test
    void emptyFilesAndSeveralDocumentsAreRejected() {
        assertThatThrownBy(() -> Yaml.parse("# nothing here\n"))
                .hasMessage("tidemark.yaml: the file is empty: add pipelines (a list of pipelines, each with a name,"
                        + " a source and sinks)");
        assertThatThrownBy(() -> Yaml.parse(Yaml.pipeline("") + "---\n" + Yaml.pipeline("")))
                .hasMessage("tidemark.yaml: holds 2 YAML documents (separated by ---): put everything in one document");
    }

    @Test
    void missingFileNamesThePath(@TempDir Path dir) {
        Path file = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ConfigLoader.fromSystem().load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config file " + file + " does not exist: check the --config path");
    }

    @Test
    void fileIsReadFromDisk(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tidemark.yaml");
        Files.writeString(file, Yaml.pipeline(""));

        assertThat(ConfigLoader.fromSystem().load(file).pipelines()).hasSize(1);
    }

    @Test
    void aConfigWithoutAnySectionSaysWhatToAdd() {
        assertThat(problems("http: {}\n")).containsExactly(
                "top level: nothing to run: add pipelines (a list of pipelines, each with a name, a source and sinks)");
    }

    @Test
    void aTableNameTheSourceRefusesIsReportedAtItsItemInTheSourcesWords() {
        // how a table may be written is the source builder's rule: the daemon only says where
        assertThat(problems(Yaml.source("tables: [public.orders, 'shop.']"))).singleElement().asString()
                .startsWith("pipelines[0].source.tables[1]: ").contains("'shop.'");
        assertThat(problems(Yaml.source("tables: [public.orders, public.orders]"))).containsExactly(
                "pipelines[0].source.tables[1]: table 'public.orders' is public.orders, which is listed already; list each table once");
    }

    @Test
    void aSecondPipelineOnOneServerMayNotTakeTheServerIdAnotherDerivesFromItsName() {
        long derived = dev.tidemark.mysqlbinlog.MySqlBinlogSource.builder().url("jdbc:mariadb://db/").user("u")
                .tables("shop.a").build().config().serverIdFor("shop");
        assertThat(problems("""
                pipelines:
                  - name: shop
                    source: {type: mysql, url: 'jdbc:mariadb://db/shop', user: u, tables: [shop.a]}
                    sinks: [{type: stdout}]
                  - name: web
                    source: {type: mysql, url: 'jdbc:mysql://db:3306/web', user: u, server_id: %d, tables: [web.a]}
                    sinks: [{type: stdout}]
                """.formatted(derived))).containsExactly("pipelines[1].source.server_id: server_id " + derived
                + " on db:3306 is also used by pipelines[0]: give each pipeline its own server_id, or leave it out"
                + " to derive one from the pipeline name");
    }
}
