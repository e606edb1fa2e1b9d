package dev.tidemark.pglogical;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server for tests: {@code initdb} into {@code target/throwaway-pg/}, started
 * on a free port on 127.0.0.1 with trust authentication, {@code wal_level=logical} and durability
 * switched off, removed by {@link #close()}. Never touches the system server on 5432.
 *
 * <p>Binaries come from the system property {@code tidemark.pg.bin} or the environment variable
 * {@code TIDEMARK_PG_BIN}, else the newest {@code /usr/lib/postgresql/<version>/bin}. PostgreSQL
 * refuses to run as root, so when the tests run as root every server command goes through
 * {@code runuser -u postgres --}. {@link #start()} throws (so the test fails, never skips) when the
 * server cannot start; the message carries the server log.
 *
 * <p>To be replaced by the {@code testing} module's fixture.
 */
public final class ThrowawayPostgres implements AutoCloseable {
    private static final String OS_USER = "postgres";
    private static final String DB_USER = "postgres";
    private static final long COMMAND_TIMEOUT_SECONDS = 120;
    private static volatile ThrowawayPostgres shared;

    private final Path binDir;
    private final Path baseDir;
    private final Path dataDir;
    private final int port;
    private final boolean asRoot;
    private boolean closed;

    private ThrowawayPostgres(Path binDir, Path baseDir, int port, boolean asRoot) {
        this.binDir = binDir;
        this.baseDir = baseDir;
        this.dataDir = baseDir.resolve("data");
        this.port = port;
        this.asRoot = asRoot;
    }

    /** Starts a new server; the caller closes it. */
    public static ThrowawayPostgres start() {
        Path bin = findBinaries();
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        Path base = Path.of(System.getProperty("basedir", ".")).toAbsolutePath()
                .resolve("target").resolve("throwaway-pg").resolve(UUID.randomUUID().toString().substring(0, 8));
        IllegalStateException last = null;
        // A free port can be taken between probing and binding; retry with another.
        for (int attempt = 0; attempt < 3; attempt++) {
            ThrowawayPostgres pg = new ThrowawayPostgres(bin, base, freePort(), asRoot);
            try {
                pg.initAndStart();
                return pg;
            } catch (IllegalStateException e) {
                last = e;
                pg.deleteQuietly();
            }
        }
        throw last;
    }

    /** One server for the whole test JVM, started on first use and stopped when the JVM exits. */
    public static ThrowawayPostgres shared() {
        ThrowawayPostgres pg = shared;
        if (pg == null) {
            synchronized (ThrowawayPostgres.class) {
                pg = shared;
                if (pg == null) {
                    pg = start();
                    ThrowawayPostgres started = pg;
                    Runtime.getRuntime().addShutdownHook(new Thread(started::close, "throwaway-postgres-stop"));
                    shared = pg;
                }
            }
        }
        return pg;
    }

    public int port() {
        return port;
    }

    public String user() {
        return DB_USER;
    }

    /** JDBC URL of the {@code postgres} database. */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A new auto-commit connection to the {@code postgres} database; the caller closes it. */
    public Connection connect() throws SQLException {
        return connect(new Properties());
    }

    /** A new connection with extra pgjdbc properties (e.g. {@code preferQueryMode=simple}); the caller closes it. */
    public Connection connect(Properties extra) throws SQLException {
        Properties props = new Properties();
        props.putAll(extra);
        props.setProperty("user", DB_USER);
        return DriverManager.getConnection(jdbcUrl(), props);
    }

    /** The server's major version from the binaries' directory, e.g. 15; -1 when not apparent. */
    public int majorVersion() {
        return versionOf(binDir);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "-w",
                    "stop"));
        } catch (IllegalStateException e) {
            // Already stopped or never started; the directory goes either way.
        }
        deleteQuietly();
    }

    private void initAndStart() {
        try {
            Files.createDirectories(baseDir);
            if (asRoot) {
                run(List.of("chown", "-R", OS_USER, baseDir.toString()), false);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + baseDir + ": " + e.getMessage(), e);
        }
        run(List.of(binDir.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", DB_USER, "-A", "trust",
                "-E", "UTF8", "--locale=C", "--no-sync"));
        String conf = String.join("\n",
                "",
                "port = " + port,
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = '" + baseDir + "'",
                "fsync = off",
                "synchronous_commit = off",
                "full_page_writes = off",
                "wal_level = logical",
                "max_wal_senders = 10",
                "max_replication_slots = 10",
                "max_connections = 50",
                "shared_buffers = 32MB",
                "");
        try {
            Files.writeString(dataDir.resolve("postgresql.conf"), conf, StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot configure " + dataDir + ": " + e.getMessage(), e);
        }
        Path log = baseDir.resolve("server.log");
        try {
            run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l", log.toString(), "-w",
                    "-t", "60", "start"));
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "\n--- server log " + log + " ---\n" + tail(log), e);
        }
    }

    private String run(List<String> command) {
        return run(command, asRoot);
    }

    private String run(List<String> command, boolean viaRunuser) {
        List<String> full = new ArrayList<>();
        if (viaRunuser) {
            full.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        full.addAll(command);
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out after " + COMMAND_TIMEOUT_SECONDS + "s: " + full);
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("throwaway PostgreSQL: " + full + " exited with " + p.exitValue()
                        + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("throwaway PostgreSQL: cannot run " + full + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + full, e);
        }
    }

    private static Path findBinaries() {
        String configured = System.getProperty("tidemark.pg.bin", System.getenv("TIDEMARK_PG_BIN"));
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            if (!Files.isExecutable(p.resolve("postgres"))) {
                throw new IllegalStateException("tidemark.pg.bin / TIDEMARK_PG_BIN is " + p
                        + " but it holds no executable 'postgres'; point it at a PostgreSQL bin directory");
            }
            return p;
        }
        Path root = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("postgres")) && Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(ThrowawayPostgres::versionOf))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server binaries under " + root
                            + "; install postgresql or set -Dtidemark.pg.bin=/path/to/bin"));
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL server binaries: cannot list " + root
                    + "; install postgresql or set -Dtidemark.pg.bin=/path/to/bin", e);
        }
    }

    private static int versionOf(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void deleteQuietly() {
        if (!Files.exists(baseDir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(baseDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Left for `mvn clean`; a leftover directory harms nothing.
                }
            });
        } catch (IOException e) {
            // Same as above.
        }
    }
}
