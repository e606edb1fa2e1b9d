package dev.tidemark.devserver;

import dev.tidemark.devserver.internal.Commands;
import dev.tidemark.devserver.internal.FreePorts;
import dev.tidemark.devserver.internal.OsUsers;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
public final class ThrowawayMariaDb implements ThrowawayServer {
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

    private enum State { NEW, RUNNING, STOPPED, KILLED, CLOSED }

    private final Binaries binaries;
    private final Path instanceDir;
    private final Path dataDir;
    private final Path tmpDir;
    private final Path errorLog;
    private final Path socket;
    private final int serverId;
    private final List<String> serverOptions;
    private final Duration startTimeout;
    private final boolean closeOnExit;
    private volatile int port;
    private State state = State.NEW;
    private Process process;
    private Thread exitHook;

    private ThrowawayMariaDb(Builder b) {
        this.binaries = b.binaries != null ? b.binaries : Binaries.installed();
        this.instanceDir = b.instanceDir != null ? b.instanceDir.toAbsolutePath() : newTempDirectory();
        this.dataDir = instanceDir.resolve("data");
        this.tmpDir = instanceDir.resolve("tmp");
        this.errorLog = instanceDir.resolve("mariadb.log");
        Path inData = dataDir.resolve("mysqld.sock");
        // a deep directory gets its socket in /tmp: a longer path would not fit a socket address
        this.socket = inData.toString().length() <= MAX_SOCKET_PATH ? inData
                : Path.of("/tmp", "tidemark-" + instanceDir.getFileName() + ".sock");
        this.serverId = b.serverId;
        this.serverOptions = List.copyOf(b.serverOptions);
        this.startTimeout = b.startTimeout;
        this.closeOnExit = b.closeOnExit;
        this.port = FreePorts.next();
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

    /**
     * Starts the server, running {@code mariadb-install-db} first when it never ran, and returns once
     * it accepts connections; does nothing when it runs. On the first start a port taken by another
     * process between our look and the server's bind is replaced by another free one.
     *
     * @throws DevServerException when the installation or the server fails, with the tail of its log
     */
    public synchronized void start() {
        switch (state) {
            case RUNNING -> {
                return;
            }
            case CLOSED -> throw new DevServerException("cannot start " + this + ": it was closed");
            case NEW -> initialize();
            default -> { }
        }
        boolean firstStart = state == State.NEW;
        for (int attempt = 1; ; attempt++) {
            try {
                launch();
                state = State.RUNNING;
                if (closeOnExit && exitHook == null) {
                    exitHook = new Thread(this::closeQuietly, "tidemark-devserver-close");
                    Runtime.getRuntime().addShutdownHook(exitHook);
                }
                return;
            } catch (DevServerException e) {
                // a free port can be taken between our look and the bind; only a new server may move
                if (firstStart && attempt < 3 && Commands.tail(errorLog, 30).contains("Bind on TCP/IP port")) {
                    port = FreePorts.next();
                    continue;
                }
                state = State.STOPPED;
                throw e;
            }
        }
    }

    /**
     * Shuts the server down cleanly (SIGTERM) and keeps its files; {@link #start()} resumes it. A server
     * still running 60 seconds later is killed, and the failure thrown.
     */
    public synchronized void stop() {
        if (state != State.RUNNING) {
            return;
        }
        process.destroy();
        if (!waitForExit(Duration.ofSeconds(60))) {
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(10));
            state = State.KILLED;
            throw new DevServerException(this + " did not stop within 60s of SIGTERM and was killed:\n"
                    + Commands.tail(errorLog, 30));
        }
        state = State.STOPPED;
    }

    /**
     * Kills the server with SIGKILL, as a crash would, and waits until it is gone. Committed data
     * survives (what reached the OS stays); {@link #start()} recovers.
     *
     * @throws DevServerException when the server is not running, or survives
     */
    public synchronized void kill() {
        if (state != State.RUNNING) {
            throw new DevServerException("cannot kill " + this + ": it is not running (" + state + ")");
        }
        process.destroyForcibly();
        if (!waitForExit(Duration.ofSeconds(20))) {
            throw new DevServerException("mariadbd of " + this + " survived SIGKILL for 20s");
        }
        state = State.KILLED;
    }

    /** {@link #stop()} then {@link #start()}: the same port, the same data. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Whether the server was started, has not been stopped, killed or closed since, and its process runs. */
    public synchronized boolean isRunning() {
        return state == State.RUNNING && process.isAlive();
    }

    /**
     * Kills the server (its files go anyway) and deletes them; idempotent. A failure to stop or delete
     * is not thrown, so a close in a finally block never hides the real error; {@link #instanceDirectory()}
     * still existing afterwards tells.
     */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        if (exitHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(exitHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is what is running us, or about to
            }
            exitHook = null;
        }
        closeQuietly();
    }

    private synchronized void closeQuietly() {
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.RUNNING) {
            // no clean InnoDB shutdown needed when the files go
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(20));
        }
        state = State.CLOSED;
        OsUsers.deleteTree(instanceDir);
        if (!socket.startsWith(instanceDir)) {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException ignored) {
                // a stale socket in /tmp is harmless: the next server of that name replaces it
            }
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    /** The TCP port on 127.0.0.1; chosen at build, replaced only when the first start lost it to another process. */
    public int port() {
        return port;
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
        return "jdbc:mariadb://" + host() + ":" + port + "/" + database + "?user=" + SUPERUSER;
    }

    /** The directory the server owns: {@code data/}, {@code tmp/}, {@code mariadb.log}, {@code mariadbd.out}. */
    public Path instanceDirectory() {
        return instanceDir;
    }

    /** The datadir: system tables, databases, binary logs and the pid file {@code mariadbd.pid}. */
    public Path dataDirectory() {
        return dataDir;
    }

    /** The unix socket: in the data directory, or in /tmp when that path would be too long for one. */
    public Path socket() {
        return socket;
    }

    /** The server's error log. */
    public Path logFile() {
        return errorLog;
    }

    /** The server and installer programs this server runs. */
    public Binaries binaries() {
        return binaries;
    }

    /** Creates a database with backquotes around its name; the server must be running. */
    public void createDatabase(String name) {
        try (Connection c = connect(""); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE `" + name.replace("`", "``") + "`");
        } catch (SQLException e) {
            throw new DevServerException("cannot create database '" + name + "' on " + this + ": " + e.getMessage(), e);
        }
    }

    /** A new connection to {@code database} (empty: none) as the superuser; the caller closes it. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database));
    }

    private void initialize() {
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

    private void launch() {
        List<String> cmd = new ArrayList<>(List.of(binaries.server().toString(), "--no-defaults",
                "--datadir=" + dataDir,
                "--tmpdir=" + tmpDir,
                "--socket=" + socket,
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--pid-file=" + dataDir.resolve("mariadbd.pid"),
                "--log-error=" + errorLog,
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
                        + this + "):\n--- last lines of " + errorLog + " ---\n" + Commands.tail(errorLog, 30));
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
                + "\n--- last lines of " + errorLog + " ---\n" + Commands.tail(errorLog, 30));
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
        return "throwaway MariaDB server_id " + serverId + " on 127.0.0.1:" + port + " (data " + dataDir + ")";
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
            Objects.requireNonNull(instanceDirectory, "instanceDirectory");
            try (Stream<Path> entries = Files.isDirectory(instanceDirectory) ? Files.list(instanceDirectory) : Stream.empty()) {
                // a file the caller put there (a marker of its own) may stay, a data directory may not
                if (entries.anyMatch(p -> p.getFileName().toString().equals("data"))) {
                    throw new IllegalArgumentException(instanceDirectory + " already holds a data directory; give a"
                            + " new or empty directory");
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + instanceDirectory + ": " + e.getMessage(), e);
            }
            this.instanceDir = instanceDirectory;
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
            if (timeout == null || timeout.toSeconds() < 1) {
                throw new IllegalArgumentException("startTimeout must be at least one second, got " + timeout);
            }
            this.startTimeout = timeout;
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
            return new ThrowawayMariaDb(this);
        }

        /** The server, started: {@code build()} then {@link ThrowawayMariaDb#start()}, closed again if the start fails. */
        public ThrowawayMariaDb start() {
            ThrowawayMariaDb db = build();
            try {
                db.start();
            } catch (RuntimeException e) {
                db.close();
                throw e;
            }
            return db;
        }
    }
}
