package dev.tidemark.devserver;

import dev.tidemark.devserver.internal.Commands;
import dev.tidemark.devserver.internal.OsUsers;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A private MariaDB server started from the binaries installed on this machine, for demos and tests:
 * {@code mariadb-install-db} into a directory of its own, a free port on 127.0.0.1, and the binary log
 * set up for change data capture and GTID replication ({@code log_bin}, {@code binlog_format=ROW},
 * {@code binlog_row_image=FULL}, {@code binlog_row_metadata=FULL}, {@code gtid_strict_mode}), with
 * durability traded for speed. The superuser {@value #SUPERUSER} needs no password. When the JVM runs
 * as root the server runs as root too ({@code --user=root}, which MariaDB asks for before it agrees to).
 *
 * <pre>{@code
 * try (ThrowawayMariaDb db = ThrowawayMariaDb.builder().start()) {
 *     db.createDatabase("shop");
 *     try (Connection c = db.connect("shop")) { ... }
 *     String url = db.jdbcUrl("shop");   // jdbc:mariadb://127.0.0.1:<port>/shop?user=root
 * }                                      // stopped, and its files deleted
 * }</pre>
 *
 * <p>Lifecycle, as for {@link ThrowawayPostgres}: {@link #start()} installs the system tables the first
 * time and returns once the server accepts connections; {@link #stop()} shuts it down cleanly and keeps
 * its files, so {@code start()} brings it back on the same port with its data; {@link #kill()} kills it
 * as a crash would; {@link #restart()} stops and starts; {@link #close()} stops it and deletes its
 * files. {@code mariadbd} runs in the foreground as a child of this JVM; a server built with
 * {@link Builder#closeOnExit(boolean) closeOnExit} (the default) is closed by a shutdown hook when the JVM
 * exits first. The lifecycle methods are synchronized; the accessors may be called from any thread.
 * Failures throw {@link DevServerException} with the tail of the server's error log.
 *
 * <p>Layout of the instance directory: {@code data/} (datadir, socket, pid file, binary logs),
 * {@code tmp/} (the server's and the installer's temporary files), {@code mariadb.log} (error log),
 * {@code mariadbd.out} (the process's own output).
 */
public final class ThrowawayMariaDb extends ServerLifecycle {
    /** The superuser mariadb-install-db creates; it needs no password. */
    public static final String SUPERUSER = "root";

    /** sun_path holds 108 bytes; past that the server cannot create its socket in the data directory. */
    private static final int MAX_SOCKET_PATH = 100;
    /** Options that shape the InnoDB files, which the installation and every start must agree on. */
    private static final List<String> INNODB_FILE_OPTIONS = List.of("--innodb-log-file-size=16M",
            "--innodb-buffer-pool-size=64M");
    private static final List<String> RESERVED = List.of("--datadir", "--socket", "--port", "--bind-address",
            "--pid-file", "--log-error", "--tmpdir", "--user", "--no-defaults", "--defaults-file",
            "--defaults-extra-file");

    private final Binaries binaries;
    private final Path tmpDir;
    private final Path socket;
    private final int serverId;
    private final List<String> serverOptions;
    private Process process;

    private ThrowawayMariaDb(Builder b, Binaries binaries) {
        super(b.instanceDir != null ? b.instanceDir.toAbsolutePath() : newTempDirectory(), "mariadb.log",
                b.startTimeout, b.closeOnExit);
        this.binaries = binaries;
        this.tmpDir = instanceDir.resolve("tmp");
        Path inData = dataDir.resolve("mysqld.sock");
        // a deep directory gets its socket in /tmp: a longer path would not fit a socket address
        this.socket = inData.toString().length() <= MAX_SOCKET_PATH ? inData
                : Path.of("/tmp", "tidemark-" + instanceDir.getFileName() + ".sock");
        this.serverId = b.serverId;
        this.serverOptions = List.copyOf(b.serverOptions);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The two programs a throwaway MariaDB runs: the server and its installer.
     *
     * @param server {@code mariadbd} (or {@code mysqld} of a MariaDB)
     * @param installDb {@code mariadb-install-db} (or {@code mysql_install_db} of a MariaDB)
     */
    public record Binaries(Path server, Path installDb) {
        public Binaries {
            for (Path p : new Path[] {server, installDb}) {
                if (p == null || !Files.isRegularFile(p) || !Files.isExecutable(p)) {
                    throw new IllegalArgumentException(p + " is not an executable file; name the installed mariadbd"
                            + " and mariadb-install-db, such as /usr/sbin/mariadbd and /usr/bin/mariadb-install-db");
                }
            }
        }

        /**
         * The binaries the {@code mariadb-server} package installs, else the first ones on {@code PATH}.
         *
         * @throws DevServerException when one is missing, saying what to install
         */
        public static Binaries installed() {
            return new Binaries(find("mariadbd", List.of("/usr/sbin/mariadbd", "/usr/bin/mariadbd", "/usr/sbin/mysqld")),
                    find("mariadb-install-db", List.of("/usr/bin/mariadb-install-db", "/usr/bin/mysql_install_db",
                            "/usr/scripts/mariadb-install-db")));
        }

        private static Path find(String name, List<String> candidates) {
            for (String c : candidates) {
                if (Files.isExecutable(Path.of(c))) {
                    return Path.of(c);
                }
            }
            String pathVar = Optional.ofNullable(System.getenv("PATH")).orElse("");
            for (String dir : pathVar.split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name);
                }
            }
            throw new DevServerException("no '" + name + "' found (looked in " + candidates + " and PATH): install"
                    + " the MariaDB server (apt-get install mariadb-server), or name the binaries with"
                    + " ThrowawayMariaDb.Builder.binaries");
        }
    }

    @Override
    String lostPortMessage() {
        return "Bind on TCP/IP port";
    }

    /**
     * SIGTERM, on which mariadbd shuts down cleanly; a server still running 60 seconds later is killed,
     * and the failure thrown.
     */
    @Override
    void shutDown() {
        process.destroy();
        if (!waitForExit(Duration.ofSeconds(60))) {
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(10));
            markKilled();
            throw new DevServerException(this + " did not stop within 60s of SIGTERM and was killed:\n"
                    + Commands.tail(logFile, 30));
        }
    }

    /** SIGKILL: no clean InnoDB shutdown needed when the files go. */
    @Override
    void shutDownForClose() {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(20));
    }

    /** SIGKILL, as a crash would; what reached the OS (each commit does) survives. */
    @Override
    void killProcesses() {
        process.destroyForcibly();
        if (!waitForExit(Duration.ofSeconds(20))) {
            throw new DevServerException("mariadbd of " + this + " survived SIGKILL for 20s");
        }
    }

    @Override
    boolean processAlive() {
        return process.isAlive();
    }

    @Override
    void deleteOutsideFiles() {
        if (!socket.startsWith(instanceDir)) {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException ignored) {
                // a stale socket in /tmp is harmless: the next server of that name replaces it
            }
        }
    }

    /** {@link #stop()} then {@link #start()}: the same port, the same data. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** The superuser, {@value #SUPERUSER}. */
    public String user() {
        return SUPERUSER;
    }

    /** The server's {@code server_id}, which GTIDs and replication need unique; default 1. */
    public int serverId() {
        return serverId;
    }

    /** A MariaDB Connector/J URL for {@code database} (empty: none) as the superuser, who needs no password. */
    public String jdbcUrl(String database) {
        return "jdbc:mariadb://" + host() + ":" + port() + "/" + database + "?user=" + SUPERUSER;
    }

    /** The unix socket: in the data directory, or in /tmp when that path would be too long for one. */
    public Path socket() {
        return socket;
    }

    /** The server and installer programs this server runs. */
    public Binaries binaries() {
        return binaries;
    }

    /** No database: the server's own schemas need none to connect. */
    @Override
    String adminDatabase() {
        return "";
    }

    @Override
    String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    void initialize() {
        try {
            Files.createDirectories(instanceDir);
            Files.createDirectories(tmpDir);
        } catch (IOException e) {
            throw new DevServerException("cannot create " + instanceDir + " for " + this + ": " + e.getMessage(), e);
        }
        List<String> cmd = new ArrayList<>(List.of(binaries.installDb().toString(), "--no-defaults",
                "--datadir=" + dataDir, "--tmpdir=" + tmpDir, "--auth-root-authentication-method=normal",
                "--skip-test-db"));
        cmd.addAll(INNODB_FILE_OPTIONS);
        cmd.addAll(asRoot());
        // a temporary directory of its own: installations running at once collided on files in /tmp
        Commands.Result result = Commands.run(cmd, instanceDir, Map.of("TMPDIR", tmpDir.toString()),
                Duration.ofMinutes(2));
        if (!result.ok()) {
            throw new DevServerException("mariadb-install-db of " + this + " failed (exit " + result.exitCode()
                    + "):\n" + result.output().strip());
        }
    }

    private static List<String> asRoot() {
        // MariaDB refuses to run as root unless told to, and there is no other user it is known to have
        return OsUsers.runningAsRoot() ? List.of("--user=root") : List.of();
    }

    @Override
    void launch() {
        List<String> cmd = new ArrayList<>(List.of(binaries.server().toString(), "--no-defaults",
                "--datadir=" + dataDir,
                "--tmpdir=" + tmpDir,
                "--socket=" + socket,
                "--port=" + port(),
                "--bind-address=127.0.0.1",
                "--pid-file=" + dataDir.resolve("mariadbd.pid"),
                "--log-error=" + logFile,
                "--log-bin=mariadb-bin",
                "--relay-log=relay-bin",
                "--binlog-format=ROW",
                "--binlog-row-image=FULL",
                "--binlog-row-metadata=FULL",
                "--server-id=" + serverId,
                "--gtid-strict-mode=ON",
                "--log-slave-updates=ON",
                "--skip-name-resolve",
                "--character-set-server=utf8mb4",
                "--default-time-zone=+00:00",
                "--max-connections=200",
                "--performance-schema=OFF",
                // speed over durability, as for PostgreSQL: a SIGKILL of the server keeps what the OS has
                "--innodb-flush-log-at-trx-commit=2",
                "--sync-binlog=0",
                "--innodb-doublewrite=0"));
        cmd.addAll(INNODB_FILE_OPTIONS);
        cmd.addAll(asRoot());
        cmd.addAll(serverOptions);
        try {
            process = new ProcessBuilder(cmd).directory(instanceDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(instanceDir.resolve("mariadbd.out").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new DevServerException("cannot run " + binaries.server() + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + startTimeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new DevServerException("MariaDB exited with code " + process.exitValue() + " while starting ("
                        + this + "):\n--- last lines of " + logFile + " ---\n" + Commands.tail(logFile, 30));
            }
            try (Connection c = DriverManager.getConnection(jdbcUrl("") + "&connectTimeout=1000")) {
                if (c.isValid(5)) {
                    return;
                }
            } catch (SQLException e) {
                last = e;
            }
            try {
                // polling the port is the readiness signal mariadbd gives without systemd
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new DevServerException("interrupted while starting " + this, e);
            }
        }
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(20));
        throw new DevServerException("MariaDB accepted no connection within " + startTimeout.toSeconds() + "s ("
                + this + "): " + (last == null ? "" : last.getMessage())
                + "\n--- last lines of " + logFile + " ---\n" + Commands.tail(logFile, 30));
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path newTempDirectory() {
        try {
            return Files.createTempDirectory("tidemark-mariadb-");
        } catch (IOException e) {
            throw new DevServerException("cannot create a directory for a throwaway MariaDB under "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage()
                    + "; name one with ThrowawayMariaDb.Builder.instanceDirectory", e);
        }
    }

    /** MariaDB on its address, with its server_id and data directory, for messages. */
    @Override
    public String toString() {
        return "throwaway MariaDB server_id " + serverId + " on 127.0.0.1:" + port() + " (data " + dataDir + ")";
    }

    /** Options of a {@link ThrowawayMariaDb}; each setter checks its value at once. */
    public static final class Builder {
        private Binaries binaries;
        private Path instanceDir;
        private int serverId = 1;
        private final List<String> serverOptions = new ArrayList<>();
        private Duration startTimeout = Duration.ofSeconds(90);
        private boolean closeOnExit = true;

        private Builder() {
        }

        /** The server and installer to run; default {@link Binaries#installed()}. */
        public Builder binaries(Binaries binaries) {
            this.binaries = Objects.requireNonNull(binaries, "binaries");
            return this;
        }

        /**
         * The directory the server owns and {@link #close()} deletes: absent or empty; default a new
         * directory {@code tidemark-mariadb-*} in the system temporary directory.
         */
        public Builder instanceDirectory(Path instanceDirectory) {
            this.instanceDir = checkNewInstanceDirectory(instanceDirectory);
            return this;
        }

        /** The {@code server_id}, positive; default 1. A replica needs one different from its primary's. */
        public Builder serverId(int serverId) {
            if (serverId < 1) {
                throw new IllegalArgumentException("server_id must be positive, got " + serverId);
            }
            this.serverId = serverId;
            return this;
        }

        /**
         * {@code mariadbd} options such as {@code --binlog-format=STATEMENT}, passed after the standard
         * ones so they override them; added to those given before. The directories, address, port and
         * user are the server's own and refused.
         */
        public Builder serverOptions(List<String> options) {
            for (String option : options) {
                if (option == null || !option.startsWith("--") || option.contains("\n")) {
                    throw new IllegalArgumentException("'" + option + "' is not a mariadbd option of the form --name[=value]");
                }
                String name = option.split("=", 2)[0].replace('_', '-');
                if (RESERVED.contains(name)) {
                    throw new IllegalArgumentException(name + " is chosen by ThrowawayMariaDb itself and cannot be set");
                }
            }
            serverOptions.addAll(options);
            return this;
        }

        /** {@link #serverOptions(List)} with the options as arguments. */
        public Builder serverOptions(String... options) {
            return serverOptions(List.of(options));
        }

        /** How long a start may take before it fails; default 90 seconds. */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = checkStartTimeout(timeout);
            return this;
        }

        /**
         * Whether a shutdown hook closes the server (killing it, deleting its files) when the JVM exits
         * before {@link #close()} was called; default true. Turn it off only when something else closes it.
         */
        public Builder closeOnExit(boolean closeOnExit) {
            this.closeOnExit = closeOnExit;
            return this;
        }

        /** The server, not yet started. */
        public ThrowawayMariaDb build() {
            return new ThrowawayMariaDb(this, binaries != null ? binaries : Binaries.installed());
        }

        /** The server, started: {@code build()} then {@link ThrowawayMariaDb#start()}, closed again if the start fails. */
        public ThrowawayMariaDb start() {
            return started(build());
        }
    }
}
