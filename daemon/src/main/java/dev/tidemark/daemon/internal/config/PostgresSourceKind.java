package dev.tidemark.daemon.internal.config;

import dev.tidemark.engine.spi.ChangeSource;
import dev.tidemark.pglogical.PgLogicalSource;
import dev.tidemark.pglogical.PgSourceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** {@code type: postgres}: logical replication with pgoutput, {@link PgLogicalSource}. */
final class PostgresSourceKind implements SourceKind<PostgresSourceKind.Config> {
    static final String TYPE = "postgres";
    private static final String URL_FORM = "jdbc:postgresql://host:port/database";

    /**
     * The bound section; absent optionals mean the builder's default.
     *
     * @param tables         {@code schema.table} names; empty when {@code allTables}
     * @param slot           empty: the source's default ({@link PgSourceConfig#defaultName})
     * @param publication    empty: the source's default
     * @param spillDirectory empty: the JVM temp directory
     */
    public record Config(JdbcTarget database, List<String> tables, boolean allTables, Optional<String> slot,
                         Optional<String> publication, PgSourceConfig.Streaming streaming,
                         Optional<Duration> heartbeatInterval, Optional<Duration> statusInterval,
                         boolean dropSlotOnStop, boolean createMissing, Optional<Path> spillDirectory)
            implements SourceConfig {
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
        return Set.of("url", "user", "password", "tables", "all_tables", "slot", "publication", "streaming",
                "heartbeat_interval", "status_interval", "drop_slot_on_stop", "create_missing", "spill_directory");
    }

    @Override
    public Optional<Config> bind(ConfigMap s, BindContext context) {
        int before = s.problems().count();
        PgLogicalSource.Builder b = PgLogicalSource.builder();
        Optional<JdbcTarget> db = SourceKeys.database(s, URL_FORM, b::url, b::user);
        int beforeTables = s.problems().count();
        List<String> tables = SourceKeys.tables(s, b::tables);
        boolean tablesPassed = s.problems().count() == beforeTables;
        boolean allTables = s.bool("all_tables").orElse(false);
        if (allTables) {
            b.allTables();
        }
        Optional<String> slot = s.text("slot").filter(v -> s.check("slot", () -> b.slotName(v)));
        Optional<String> publication = s.text("publication")
                .filter(v -> s.check("publication", () -> b.publicationName(v)));
        PgSourceConfig.Streaming streaming = s.choice("streaming", List.of("auto", "off"))
                .map(v -> PgSourceConfig.Streaming.valueOf(v.toUpperCase(Locale.ROOT)))
                .orElse(PgSourceConfig.Streaming.AUTO);
        Optional<Duration> heartbeat = s.duration("heartbeat_interval", true)
                .filter(d -> s.check("heartbeat_interval", () -> b.heartbeatInterval(d)));
        Optional<Duration> status = s.duration("status_interval", true)
                .filter(d -> s.check("status_interval", () -> b.statusInterval(d)));
        boolean dropSlot = s.bool("drop_slot_on_stop").orElse(false);
        boolean createMissing = s.bool("create_missing").orElse(true);
        Optional<Path> spill = s.text("spill_directory").flatMap(v -> context.path(s, "spill_directory", v));
        // the builder's rules across keys (tables or all tables); run once url, user and tables passed,
        // since its complaints about those (missing) would repeat theirs
        if (db.isPresent() && tablesPassed) {
            s.checkWhole(b::build);
        }
        if (db.isEmpty() || s.problems().count() != before) {
            return Optional.empty();
        }
        return Optional.of(new Config(db.get(), tables, allTables, slot, publication, streaming, heartbeat, status,
                dropSlot, createMissing, spill));
    }

    @Override
    public List<Claim> claims(String pipeline, Config c) {
        String slot = source(c).config().slotFor(pipeline);
        String url = c.database().url();
        return List.of(new Claim("slot", "postgres slot " + url + " " + slot, "slot '" + slot + "' on " + c.database().displayUrl(),
                "each pipeline needs its own slot"));
    }

    @Override
    public ChangeSource create(String pipeline, Config c) {
        return source(c);
    }

    private static PgLogicalSource source(Config c) {
        PgLogicalSource.Builder b = PgLogicalSource.builder()
                .url(c.database().url())
                .user(c.database().user())
                .password(c.database().password().reveal())
                .streaming(c.streaming())
                .dropSlotOnStop(c.dropSlotOnStop())
                .createMissing(c.createMissing());
        if (c.allTables()) {
            b.allTables();
        } else {
            b.tables(c.tables());
        }
        c.slot().ifPresent(b::slotName);
        c.publication().ifPresent(b::publicationName);
        c.heartbeatInterval().ifPresent(b::heartbeatInterval);
        c.statusInterval().ifPresent(b::statusInterval);
        c.spillDirectory().ifPresent(b::spillDirectory);
        return b.build();
    }

    @Override
    public String describe(String pipeline, Config c) {
        PgSourceConfig pg = source(c).config();
        StringBuilder sb = new StringBuilder(TYPE).append(' ').append(c.database())
                .append(", tables ").append(pg.allTables() ? "ALL" : SourceKeys.describeTables(pg.tables()))
                .append(", slot ").append(pg.slotFor(pipeline))
                .append(", publication ").append(pg.publicationFor(pipeline))
                .append(", streaming ").append(pg.streaming().name().toLowerCase(Locale.ROOT))
                .append(", heartbeat ").append(Durations.format(pg.heartbeatInterval()))
                .append(", drop_slot_on_stop ").append(pg.dropSlotOnStop())
                .append(", create_missing ").append(pg.createMissing());
        c.spillDirectory().ifPresent(d -> sb.append(", spill ").append(d));
        return sb.toString();
    }
}
