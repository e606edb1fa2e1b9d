package dev.tidemark.daemon.internal.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads a pipeline's {@code source} section into a {@link SourceConfig}. */
final class SourceBinder {
    static final List<String> TYPES = List.of("postgres", "mysql");
    static final Set<String> POSTGRES_KEYS = Set.of("type", "url", "user", "password", "tables", "all_tables", "slot",
            "publication", "streaming", "heartbeat_interval", "status_interval", "drop_slot_on_stop", "create_missing",
            "spill_directory");
    static final Set<String> MYSQL_KEYS = Set.of("type", "url", "user", "password", "tables", "server_id",
            "heartbeat_interval", "spill_directory");

    private static final Pattern TABLE = Pattern.compile("[^.\\s]+\\.[^.\\s]+");
    private static final Pattern SLOT = Pattern.compile("[a-z0-9_]{1,63}");
    private static final Pattern PUBLICATION = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final long MAX_SERVER_ID = 4_294_967_295L;

    private final Path workingDirectory;

    SourceBinder(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    Optional<SourceConfig> bind(ConfigMap source) {
        Optional<String> type = source.requiredText("type", String.join(" or ", TYPES)).flatMap(t -> {
            if (TYPES.contains(t)) {
                return Optional.of(t);
            }
            String hint = Suggestions.closest(t, TYPES).map(s -> " (did you mean '" + s + "'?)").orElse("");
            source.problem("type", "expected one of " + String.join(", ", TYPES) + ", got '" + t + "'" + hint);
            return Optional.empty();
        });
        if (type.isEmpty()) {
            return Optional.empty();
        }
        return type.get().equals("postgres") ? postgres(source) : mysql(source);
    }

    private Optional<SourceConfig> postgres(ConfigMap s) {
        s.rejectUnknown(POSTGRES_KEYS);
        Optional<JdbcTarget> db = database(s, List.of("jdbc:postgresql://"), "jdbc:postgresql://host:port/database");
        Optional<Boolean> all = s.bool("all_tables");
        boolean allTables = all.orElse(false);
        List<String> tables = tables(s, "schema.table", "public.orders");
        if (allTables && s.has("tables")) {
            s.problem("all_tables", "set either all_tables: true or a tables list, not both");
        } else if (!s.has("all_tables") && !s.has("tables")) {
            s.problem("tables", "missing (required: a list of schema.table names, or all_tables: true)");
        } else if (all.isPresent() && !allTables && !s.has("tables")) {
            s.problem("all_tables", "is false, so list the tables to capture under tables");
        }
        Optional<String> slot = s.text("slot").filter(v -> matches(s, "slot", v, SLOT,
                "PostgreSQL slot names are 1 to 63 lower-case letters, digits and underscores"));
        Optional<String> publication = s.text("publication").filter(v -> matches(s, "publication", v, PUBLICATION,
                "use 1 to 63 letters, digits and underscores, not starting with a digit"));
        SourceConfig.Streaming streaming = s.choice("streaming", List.of("auto", "off"))
                .map(v -> v.equals("off") ? SourceConfig.Streaming.OFF : SourceConfig.Streaming.AUTO)
                .orElse(SourceConfig.Streaming.AUTO);
        var heartbeat = s.duration("heartbeat_interval", false).orElse(SourceConfig.Postgres.DEFAULT_HEARTBEAT);
        var status = s.duration("status_interval", false).orElse(SourceConfig.Postgres.DEFAULT_STATUS_INTERVAL);
        boolean dropSlot = s.bool("drop_slot_on_stop").orElse(false);
        boolean createMissing = s.bool("create_missing").orElse(true);
        Optional<Path> spill = s.text("spill_directory").flatMap(v -> path(s, "spill_directory", v));
        return db.map(d -> new SourceConfig.Postgres(d, tables, allTables, slot, publication, streaming, heartbeat,
                status, dropSlot, createMissing, spill));
    }

    private Optional<SourceConfig> mysql(ConfigMap s) {
        s.rejectUnknown(MYSQL_KEYS);
        Optional<JdbcTarget> db = database(s, List.of("jdbc:mariadb://", "jdbc:mysql://"),
                "jdbc:mariadb://host:port/ or jdbc:mysql://host:port/");
        List<String> tables = tables(s, "database.table", "shop.orders");
        if (!s.has("tables")) {
            s.problem("tables", "missing (required: a list of database.table names)");
        }
        OptionalLong serverId = s.integer("server_id", 1L, MAX_SERVER_ID)
                .map(OptionalLong::of).orElse(OptionalLong.empty());
        var heartbeat = s.duration("heartbeat_interval", false).filter(d -> {
            if (d.compareTo(SourceConfig.Mysql.MIN_HEARTBEAT) >= 0) {
                return true;
            }
            s.problem("heartbeat_interval", "must be at least 100ms, got " + Durations.format(d));
            return false;
        }).orElse(SourceConfig.Mysql.DEFAULT_HEARTBEAT);
        Optional<Path> spill = s.text("spill_directory").flatMap(v -> path(s, "spill_directory", v));
        return db.map(d -> new SourceConfig.Mysql(d, tables, serverId, heartbeat, spill));
    }

    /** url (with one of the prefixes), user and password, shared by every source type. */
    private static Optional<JdbcTarget> database(ConfigMap s, List<String> prefixes, String form) {
        Optional<String> url = s.requiredText("url", form).filter(u -> {
            if (prefixes.stream().anyMatch(u::startsWith)) {
                return true;
            }
            s.problem("url", "'" + u + "' is not a valid url for this source: use " + form);
            return false;
        });
        Optional<String> user = s.requiredText("user", "the database user name").filter(u -> {
            if (u.isBlank()) {
                s.problem("user", "must not be empty");
                return false;
            }
            return true;
        });
        Secret password = s.secret("password").orElse(Secret.EMPTY);
        if (url.isEmpty() || user.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new JdbcTarget(url.get(), user.get(), password));
    }

    private static List<String> tables(ConfigMap s, String form, String example) {
        List<String> tables = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        s.list("tables").ifPresent(items -> {
            if (items.isEmpty()) {
                s.problem("tables", "is empty: list at least one " + form + " name");
            }
            for (ConfigMap.Item item : items) {
                item.text().ifPresent(t -> {
                    if (!TABLE.matcher(t).matches()) {
                        s.problems().add(item.path(), "'" + t + "' must be written " + form + " (e.g. " + example + ")");
                    } else if (!seen.add(t)) {
                        s.problems().add(item.path(), "'" + t + "' is listed twice");
                    } else {
                        tables.add(t);
                    }
                });
            }
        });
        return tables;
    }

    private static boolean matches(ConfigMap s, String key, String value, Pattern pattern, String rule) {
        if (pattern.matcher(value).matches()) {
            return true;
        }
        s.problem(key, "'" + value + "' is invalid: " + rule);
        return false;
    }

    Optional<Path> path(ConfigMap s, String key, String value) {
        if (value.isBlank()) {
            s.problem(key, "must not be empty");
            return Optional.empty();
        }
        try {
            return Optional.of(workingDirectory.resolve(value).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
            s.problem(key, "'" + value + "' is not a valid path: " + e.getReason());
            return Optional.empty();
        }
    }
}
