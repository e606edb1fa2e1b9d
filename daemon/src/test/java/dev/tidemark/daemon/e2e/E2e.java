package dev.tidemark.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.testing.DatabaseExtension;
import dev.tidemark.testing.MariaDbServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** What the end-to-end tests share: working directories, configuration files, reading JSONL output. */
final class E2e {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final java.util.Set<Class<?>> CLEANED = new java.util.HashSet<>();

    private E2e() {
    }

    /**
     * A new working directory under {@code target/daemon-e2e/<class>/}, kept after the run so that a
     * failed test's config, output and daemon logs can be read; the first call of a run removes what
     * earlier runs of the class left there.
     */
    static Path workDir(Class<?> testClass, String name) {
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        Path classDir = Path.of("target", "daemon-e2e", testClass.getSimpleName()).toAbsolutePath();
        try {
            synchronized (CLEANED) {
                if (CLEANED.add(testClass)) {
                    deleteTree(classDir);
                }
            }
            return Files.createDirectories(classDir.resolve(name + "-" + HexFormat.of().formatHex(suffix)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The source url of a test database, without credentials (the config has its own keys for those). */
    static String sourceUrl(DatabaseExtension<?> db) {
        return "jdbc:postgresql://" + db.server().host() + ":" + db.server().port() + "/" + db.database();
    }

    /** One {@code postgres} pipeline of a config file; {@code extra} lines are indented pipeline keys. */
    static String pipeline(String name, DatabaseExtension<?> db, String user, List<String> tables, String sinks,
                           String... extra) {
        StringBuilder b = new StringBuilder();
        b.append("  - name: ").append(name).append('\n');
        b.append("    source:\n");
        b.append("      type: postgres\n");
        b.append("      url: '").append(sourceUrl(db)).append("'\n");
        b.append("      user: ").append(user).append('\n');
        b.append("      tables: [").append(String.join(", ", tables)).append("]\n");
        b.append("      heartbeat_interval: 1s\n");
        b.append("    sinks: ").append(sinks).append('\n');
        for (String line : extra) {
            b.append("    ").append(line).append('\n');
        }
        return b.toString();
    }

    /** The source url of a MariaDB test database, without credentials. */
    static String mysqlSourceUrl(DatabaseExtension<?> db) {
        return "jdbc:mariadb://" + db.server().host() + ":" + db.server().port() + "/" + db.database();
    }

    /**
     * One {@code mysql} pipeline of a config file; {@code tables} are names in the test database,
     * written {@code database.table} here; {@code extra} lines are indented pipeline keys.
     */
    static String mysqlPipeline(String name, DatabaseExtension<?> db, String user, List<String> tables, String sinks,
                                String... extra) {
        StringBuilder b = new StringBuilder();
        b.append("  - name: ").append(name).append('\n');
        b.append("    source:\n");
        b.append("      type: mysql\n");
        b.append("      url: '").append(mysqlSourceUrl(db)).append("'\n");
        b.append("      user: ").append(user).append('\n');
        b.append("      tables: [").append(String.join(", ", tables.stream().map(t -> db.database() + "." + t).toList()))
                .append("]\n");
        b.append("      heartbeat_interval: 1s\n");
        b.append("    sinks: ").append(sinks).append('\n');
        for (String line : extra) {
            b.append("    ").append(line).append('\n');
        }
        return b.toString();
    }

    /** An identifier quoted for the test database's vendor: backticks on MariaDB, double quotes on PostgreSQL. */
    static String quote(DatabaseExtension<?> db, String identifier) {
        return db.server() instanceof MariaDbServer ? "`" + identifier.replace("`", "``") + "`"
                : "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /**
     * The id of a new connection to the MariaDB server: every connection opened afterwards, such
     * as a daemon's binlog client, gets a larger one.
     */
    static long lastConnectionId(DatabaseExtension<?> db) {
        return db.queryLong("SELECT CONNECTION_ID()");
    }

    /**
     * Binlog clients (dump threads) connected since {@link #lastConnectionId}: a daemon's client
     * once it has connected and fixed its start position, whatever clients of killed daemons the
     * server has not noticed gone yet.
     */
    static long binlogDumpsSince(DatabaseExtension<?> db, long connectionId) {
        return db.queryLong("SELECT count(*) FROM information_schema.processlist WHERE command = 'Binlog Dump'"
                + " AND id > ?", connectionId);
    }

    /**
     * Whether a walsender holds the PostgreSQL slot and streams from it (catchup or streaming, both
     * only after START_REPLICATION): the run's pipeline reads changes from now on.
     * {@code pg_replication_slots.active} alone is true already while the slot is being created, by
     * a walsender that lets go of it before the streaming connection takes it.
     */
    static boolean slotStreaming(DatabaseExtension<?> db, String slot) {
        return db.queryLong("SELECT count(*) FROM pg_replication_slots s JOIN pg_stat_replication r ON r.pid = s.active_pid"
                + " WHERE s.slot_name = ? AND r.state IN ('catchup', 'streaming')", slot) == 1;
    }

    /**
     * Whether no walsender holds the slot: a stopped pipeline has closed its connection, but the
     * server notices that and releases the slot a moment later.
     */
    static boolean slotReleased(DatabaseExtension<?> db, String slot) {
        return db.queryLong("SELECT count(*) FROM pg_replication_slots WHERE slot_name = ? AND active", slot) == 0;
    }

    static Path writeConfig(Path dir, String pipelines) {
        Path file = dir.resolve("tidemark.yaml");
        try {
            Files.writeString(file, "pipelines:\n" + pipelines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * Every line of a JSONL file, parsed. Fails on a torn last line (the file must end with a newline)
     * and on any line that is not one whole JSON object.
     */
    static List<JsonNode> readJsonl(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<JsonNode> events = new ArrayList<>();
        if (bytes.length == 0) {
            return events;
        }
        assertThat(bytes[bytes.length - 1]).as("last byte of %s (a torn last line?)", file).isEqualTo((byte) '\n');
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            try {
                JsonNode node = JSON.readTree(lines[i]);
                assertThat(node).as("line %d of %s", i + 1, file).isNotNull();
                assertThat(node.isObject()).as("line %d of %s is an object: %s", i + 1, file, lines[i]).isTrue();
                events.add(node);
            } catch (IOException e) {
                throw new AssertionError("line " + (i + 1) + " of " + file + " is not JSON: " + lines[i], e);
            }
        }
        return events;
    }

    static long lineCount(Path file) {
        try {
            if (!Files.exists(file)) {
                return 0;
            }
            long n = 0;
            for (byte b : Files.readAllBytes(file)) {
                if (b == '\n') {
                    n++;
                }
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls until the condition holds; fails with {@code what} and {@code context} after the timeout. */
    static void awaitTrue(String what, Duration timeout, BooleanSupplier condition, java.util.function.Supplier<String> context) {
        try {
            Awaitility.await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("timed out after " + timeout + " waiting for " + what + "\n" + context.get(), e);
        }
    }

    /**
     * The end of a crash test: waits until the last daemon streams live (it wrote changes the writer
     * committed after this call began), stops the writer, waits until the daemon wrote every committed
     * change to {@code jsonl}, then stops the daemon with SIGTERM and expects exit code 0.
     */
    static void finishWritingAndStop(ShopWriter writer, Thread writerThread, DaemonProcess daemon, Path jsonl,
                                     String context) throws InterruptedException {
        awaitLiveStreaming(writer, daemon, jsonl, context);
        writer.stop();
        writerThread.join(30_000);
        assertThat(writer.failure()).as("writer").isNull();
        long expected = writer.committedChanges();
        awaitTrue("the daemon to catch up with " + expected + " changes", Duration.ofSeconds(60),
                () -> lineCount(jsonl) >= expected || !daemon.isAlive(), () -> context + "\n" + daemon.stderr());
        daemon.sigterm();
        assertThat(daemon.awaitExit(Duration.ofSeconds(30))).as("exit code after SIGTERM; stderr:%n%s", daemon.stderr())
                .isZero();
    }

    /**
     * Waits until the daemon has written more lines than the writer had committed changes when this
     * was called: it streams changes committed from now on, not only a backlog. One line per change,
     * so with the running writer this is a state to reach, not a time to wait.
     */
    static void awaitLiveStreaming(ShopWriter writer, DaemonProcess daemon, Path jsonl, String context) {
        long committedNow = writer.committedChanges();
        awaitTrue("the daemon to write changes committed after the " + committedNow + " so far", Duration.ofSeconds(60),
                () -> lineCount(jsonl) > committedNow || !daemon.isAlive() || writer.failure() != null,
                () -> context + "\n" + daemon.stderr());
        assertThat(writer.failure()).as("writer").isNull();
        assertThat(daemon.isAlive()).as("daemon still runs (%s); stderr:%n%s", context, daemon.stderr()).isTrue();
    }

    /** A lower-case name unique to this run, for roles and pipelines on the shared server. */
    static String unique(String prefix) {
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        return (prefix + "_" + HexFormat.of().formatHex(suffix)).toLowerCase(Locale.ROOT);
    }
}
