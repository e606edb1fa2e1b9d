package dev.tidemark.daemon.internal.config;

import dev.tidemark.engine.spi.ChangeSource;
import dev.tidemark.mysqlbinlog.MySqlBinlogSource;
import dev.tidemark.mysqlbinlog.MySqlSourceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** {@code type: mysql}: the binlog of MySQL or MariaDB (the server kind is detected), {@link MySqlBinlogSource}. */
final class MysqlSourceKind implements SourceKind<MysqlSourceKind.Config> {
    static final String TYPE = "mysql";
    private static final String URL_FORM = "jdbc:mariadb://host:port/ or jdbc:mysql://host:port/";

    /**
     * The bound section; absent optionals mean the builder's default.
     *
     * @param tables            {@code database.table} names
     * @param serverId          the replica server id to present; empty: derived from the pipeline name
     * @param heartbeatInterval empty: {@link MySqlSourceConfig#DEFAULT_HEARTBEAT}
     * @param spillDirectory    empty: the JVM temp directory
     */
    public record Config(JdbcTarget database, List<String> tables, OptionalLong serverId,
                         Optional<Duration> heartbeatInterval, Optional<Path> spillDirectory) implements SourceConfig {
        public Config {
            tables = List.copyOf(tables);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public Set<String> keys() {
        return Set.of("url", "user", "password", "tables", "server_id", "heartbeat_interval", "spill_directory");
    }

    @Override
    public Optional<Config> bind(ConfigMap s, BindContext context) {
        int before = s.problems().count();
        MySqlBinlogSource.Builder b = MySqlBinlogSource.builder();
        Optional<JdbcTarget> db = SourceKeys.database(s, URL_FORM, b::url, b::user);
        int beforeTables = s.problems().count();
        List<String> tables = SourceKeys.tables(s, b::tables);
        boolean tablesPassed = s.problems().count() == beforeTables;
        OptionalLong serverId = s.integer("server_id", Long.MIN_VALUE, Long.MAX_VALUE)
                .filter(id -> s.check("server_id", () -> b.serverId(id)))
                .map(OptionalLong::of).orElse(OptionalLong.empty());
        Optional<Duration> heartbeat = s.duration("heartbeat_interval", true)
                .filter(d -> s.check("heartbeat_interval", () -> b.heartbeatInterval(d)));
        Optional<Path> spill = s.text("spill_directory").flatMap(v -> context.path(s, "spill_directory", v));
        // the builder's rules across keys (tables required); run once url, user and tables passed
        if (db.isPresent() && tablesPassed) {
            s.checkWhole(b::build);
        }
        if (db.isEmpty() || s.problems().count() != before) {
            return Optional.empty();
        }
        return Optional.of(new Config(db.get(), tables, serverId, heartbeat, spill));
    }

    @Override
    public List<Claim> claims(String pipeline, Config c) {
        // a second binlog client with the same server id makes the server drop the first
        MySqlSourceConfig my = source(c).config();
        String server = my.serverAddress();
        long id = my.serverIdFor(pipeline);
        return List.of(new Claim("server_id", "mysql server_id " + server + " " + id,
                "server_id " + id + " on " + server, "give each pipeline its own server_id, or leave it out"
                        + " to derive one from the pipeline name"));
    }

    @Override
    public ChangeSource create(String pipeline, Config c) {
        return source(c);
    }

    private static MySqlBinlogSource source(Config c) {
        MySqlBinlogSource.Builder b = MySqlBinlogSource.builder()
                .url(c.database().url())
                .user(c.database().user())
                .password(c.database().password().reveal())
                .tables(c.tables());
        c.serverId().ifPresent(b::serverId);
        c.heartbeatInterval().ifPresent(b::heartbeatInterval);
        c.spillDirectory().ifPresent(b::spillDirectory);
        return b.build();
    }

    @Override
    public String describe(String pipeline, Config c) {
        MySqlSourceConfig my = source(c).config();
        StringBuilder sb = new StringBuilder(TYPE).append(' ').append(c.database())
                .append(", tables ").append(SourceKeys.describeTables(my.tables()))
                .append(", server_id ").append(my.serverIdFor(pipeline))
                .append(c.serverId().isPresent() ? "" : " (derived from the pipeline name)")
                .append(", heartbeat ").append(Durations.format(my.heartbeatInterval()));
        c.spillDirectory().ifPresent(d -> sb.append(", spill ").append(d));
        return sb.toString();
    }
}
