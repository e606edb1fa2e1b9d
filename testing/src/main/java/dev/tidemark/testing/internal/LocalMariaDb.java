package dev.tidemark.testing.internal;

import dev.tidemark.testing.MariaDbServer;
import dev.tidemark.testing.ServerKind;
import dev.tidemark.testing.TestServerException;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private MariaDB server run from the installed binaries, with the binary log set up for change data
 * capture and GTID replication. Layout of its instance directory: {@code data/} (datadir, socket, pid
 * file, binlogs), {@code mariadb.log} (error log), {@code mariadbd.out}, {@code jvm.pid}.
 *
 * <p>{@code mariadbd} runs in the foreground as our child process. As root it gets {@code --user=root},
 * which MariaDB requires to run as root at all.
 */
public final class LocalMariaDb extends AbstractServer implements MariaDbServer {
    private static final Logger LOG = LoggerFactory.getLogger(LocalMariaDb.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final int MAX_SOCKET_PATH = 100;

    private enum State { NEW, RUNNING, STOPPED, KILLED, CLOSED }

    private final Path mariadbd;
    private final Path installDb;
    private final Path instanceDir;
    private final Path dataDir;
    private final Path errorLog;
    private final Path socket;
    private final int serverId;
    private final List<String> serverOptions;
    private int port;
    private Process process;
    private State state = State.NEW;

    private LocalMariaDb(boolean shared, int serverId, List<String> serverOptions) {
        super(shared);
        this.serverOptions = List.copyOf(serverOptions);
        this.mariadbd = findBinary("mariadbd", List.of("/usr/sbin/mariadbd", "/usr/bin/mariadbd", "/usr/sbin/mysqld"));
        this.installDb = findBinary("mariadb-install-db", List.of("/usr/bin/mariadb-install-db", "/usr/bin/mysql_install_db",
                "/usr/scripts/mariadb-install-db"));
        this.serverId = serverId;
        this.instanceDir = WorkDirs.newInstanceDir("mariadb", Optional.empty());
        this.dataDir = instanceDir.resolve("data");
        this.errorLog = instanceDir.resolve("mariadb.log");
        Path inData = dataDir.resolve("mysqld.sock");
        // sun_path holds 108 bytes: a deep checkout gets its socket in /tmp instead of the data directory
        this.socket = inData.toString().length() <= MAX_SOCKET_PATH ? inData
                : Path.of("/tmp", "tidemark-" + instanceDir.getFileName() + ".sock");
        this.port = Ports.free();
        registerForCleanup();
    }

    public static LocalMariaDb create(boolean shared, int serverId) {
        return new LocalMariaDb(shared, serverId, List.of());
    }

    /** A server whose {@code mariadbd} gets {@code serverOptions} after the standard options. */
    public static LocalMariaDb create(boolean shared, int serverId, List<String> serverOptions) {
        return new LocalMariaDb(shared, serverId, serverOptions);
    }

    private static Path findBinary(String name, List<String> candidates) {
        for (String c : candidates) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        String pathVar = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : pathVar.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                return p;
            }
        }
        throw new TestServerException("no '" + name + "' found (looked in " + candidates + " and PATH): install "
                + "the MariaDB server (apt-get install mariadb-server), or set " + Env.MYSQL_URL
                + " to an existing server");
    }

    @Override
    public synchronized void start() {
        switch (state) {
            case RUNNING -> {
                return;
            }
            case CLOSED -> throw new TestServerException("cannot start " + describe() + ": it was closed");
            case NEW -> installDb();
            default -> { }
        }
        boolean firstStart = state == State.NEW;
        for (int attempt = 1; ; attempt++) {
            try {
                launchAndAwaitReady();
                state = State.RUNNING;
                return;
            } catch (TestServerException e) {
                String log = Processes.tail(errorLog, 30);
                if (firstStart && attempt < 3 && log.contains("Bind on TCP/IP port")) {
                    LOG.info("port {} was taken before MariaDB bound it; trying another", port);
                    port = Ports.free();
                    continue;
                }
                state = State.STOPPED;
                throw e;
            }
        }
    }

    private void installDb() {
        List<String> cmd = new ArrayList<>(List.of(installDb.toString(), "--no-defaults", "--datadir=" + dataDir,
                "--auth-root-authentication-method=normal", "--skip-test-db"));
        cmd.addAll(innodbFileOptions());
        if (WorkDirs.runningAsRoot()) {
            cmd.add("--user=root");
        }
        Processes.Result result = Processes.run(cmd, instanceDir, Duration.ofMinutes(2));
        if (!result.ok()) {
            throw new TestServerException("mariadb-install-db for the MariaDB test server failed (exit "
                    + result.exitCode() + ", " + describe() + "):\n" + result.output().strip());
        }
    }

    /** Options that shape the InnoDB files, which bootstrap and every start must agree on. */
    private static List<String> innodbFileOptions() {
        return List.of("--innodb-log-file-size=16M", "--innodb-buffer-pool-size=64M");
    }

    private void launchAndAwaitReady() {
        List<String> cmd = new ArrayList<>(List.of(mariadbd.toString(), "--no-defaults",
                "--datadir=" + dataDir,
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
        cmd.addAll(innodbFileOptions());
        if (WorkDirs.runningAsRoot()) {
            cmd.add("--user=root");
        }
        cmd.addAll(serverOptions);
        try {
            process = new ProcessBuilder(cmd).directory(instanceDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(instanceDir.resolve("mariadbd.out").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new TestServerException("cannot run " + mariadbd + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new TestServerException("MariaDB test server exited with code " + process.exitValue()
                        + " while starting (" + describe() + "):\n--- last lines of " + errorLog + " ---\n"
                        + Processes.tail(errorLog, 30));
            }
            try (Connection c = DriverManager.getConnection(jdbcUrl("") + "&connectTimeout=1000")) {
                if (c.isValid(5)) {
                    return;
                }
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TestServerException("interrupted while starting " + describe(), e);
            }
        }
        process.destroyForcibly();
        throw new TestServerException("MariaDB test server accepted no connection within " + START_TIMEOUT.toSeconds()
                + "s (" + describe() + "): " + (last == null ? "" : last.getMessage())
                + "\n--- last lines of " + errorLog + " ---\n" + Processes.tail(errorLog, 30));
    }

    @Override
    public synchronized void stop() {
        checkNotShared("stop");
        stopGracefully();
    }

    private void stopGracefully() {
        if (state != State.RUNNING) {
            return;
        }
        process.destroy(); // SIGTERM: mariadbd shuts down cleanly
        if (!waitForExit(Duration.ofSeconds(60))) {
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(10));
            state = State.KILLED;
            throw new TestServerException(describe() + " did not stop within 60s of SIGTERM and was killed:\n"
                    + Processes.tail(errorLog, 30));
        }
        state = State.STOPPED;
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public synchronized void kill() {
        checkNotShared("kill");
        if (state != State.RUNNING) {
            throw new TestServerException("cannot kill " + describe() + ": it is not running (" + state + ")");
        }
        process.destroyForcibly();
        if (!waitForExit(Duration.ofSeconds(20))) {
            throw new TestServerException("mariadbd of " + describe() + " survived SIGKILL for 20s");
        }
        state = State.KILLED;
    }

    @Override
    public synchronized void restart() {
        checkNotShared("restart");
        if (state == State.RUNNING) {
            stopGracefully();
        }
        start();
    }

    @Override
    public synchronized boolean isRunning() {
        return state == State.RUNNING && process.isAlive();
    }

    @Override
    public synchronized void close() {
        if (isShared()) {
            return;
        }
        deregisterFromCleanup();
        shutdownAndDelete();
    }

    @Override
    protected void shutdownAtExit() {
        shutdownAndDelete();
    }

    private synchronized void shutdownAndDelete() {
        if (state == State.CLOSED) {
            return;
        }
        boolean keep = Env.flag(Env.KEEP_DATA);
        if (state == State.RUNNING) {
            if (keep) {
                try {
                    stopGracefully();
                } catch (RuntimeException e) {
                    LOG.warn("could not stop {}: {}", describe(), e.getMessage());
                }
            } else {
                // the files go anyway: no need for a clean InnoDB shutdown
                process.destroyForcibly();
                waitForExit(Duration.ofSeconds(20));
            }
        }
        state = State.CLOSED;
        if (keep) {
            LOG.info("keeping the files of {} ({}=true)", describe(), Env.KEEP_DATA);
        } else {
            WorkDirs.deleteQuietly(instanceDir);
            if (!socket.startsWith(instanceDir)) {
                WorkDirs.deleteQuietly(socket);
            }
        }
    }

    @Override
    public void replicateFrom(MariaDbServer primary) {
        checkNotShared("make a replica of");
        if (!(primary instanceof LocalMariaDb)) {
            throw new TestServerException("replicateFrom needs a local primary, got " + primary);
        }
        MariaDbSql.replicateFrom(this, primary);
    }

    @Override
    public void awaitReplicationFrom(MariaDbServer primary, Duration timeout) {
        MariaDbSql.awaitReplication(this, primary, timeout);
    }

    @Override
    public void stopReplicating() {
        execute(adminDatabase(), "STOP SLAVE", "RESET SLAVE ALL");
    }

    @Override
    public int serverId() {
        return serverId;
    }

    @Override
    public ServerKind kind() {
        return ServerKind.LOCAL;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public synchronized int port() {
        return port;
    }

    @Override
    public String user() {
        return "root";
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public String adminDatabase() {
        return "";
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port() + "/" + (database == null ? "" : database) + "?user=root";
    }

    @Override
    public void createDatabase(String name) {
        execute(adminDatabase(), "CREATE DATABASE " + Jdbc.quoteMy(name));
    }

    @Override
    public void dropDatabase(String name) {
        execute(adminDatabase(), "DROP DATABASE IF EXISTS " + Jdbc.quoteMy(name));
    }

    @Override
    public Path dataDirectory() {
        return dataDir;
    }

    /** The unix socket the server listens on. */
    public Path socket() {
        return socket;
    }

    @Override
    protected String vendor() {
        return "MariaDB";
    }

    @Override
    protected String describe() {
        return (isShared() ? "shared" : "dedicated") + " local MariaDB server_id " + serverId + " on 127.0.0.1:" + port
                + " (data " + dataDir + ")";
    }
}
