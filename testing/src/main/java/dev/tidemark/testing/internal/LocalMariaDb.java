package dev.tidemark.testing.internal;

import dev.tidemark.testing.MariaDbServer;
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

/**
 * A private MariaDB server run from the installed binaries, with the binary log set up for change data
 * capture and GTID replication. Layout of its instance directory: {@code data/} (datadir, socket, pid
 * file, binlogs), {@code mariadb.log} (error log), {@code mariadbd.out}, {@code jvm.pid}.
 *
 * <p>{@code mariadbd} runs in the foreground as our child process. As root it gets {@code --user=root},
 * which MariaDB requires to run as root at all.
 */
public final class LocalMariaDb extends LocalServer implements MariaDbServer {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final int MAX_SOCKET_PATH = 100;

    private final Path mariadbd;
    private final Path installDb;
    private final Path dataDir;
    private final Path errorLog;
    private final Path socket;
    private final int serverId;
    private final List<String> serverOptions;
    private Process process;

    private LocalMariaDb(boolean shared, int serverId, List<String> serverOptions, Path mariadbd, Path installDb) {
        super(shared, Dialect.MARIADB, "mariadb", Optional.empty());
        this.mariadbd = mariadbd;
        this.installDb = installDb;
        this.serverId = serverId;
        this.serverOptions = List.copyOf(serverOptions);
        this.dataDir = dataDirectory();
        this.errorLog = instanceDir().resolve("mariadb.log");
        Path inData = dataDir.resolve("mysqld.sock");
        // sun_path holds 108 bytes: a deep checkout gets its socket in /tmp instead of the data directory
        this.socket = inData.toString().length() <= MAX_SOCKET_PATH ? inData
                : Path.of("/tmp", "tidemark-" + instanceDir().getFileName() + ".sock");
    }

    public static LocalMariaDb create(boolean shared, int serverId) {
        return create(shared, serverId, List.of());
    }

    /** A server whose {@code mariadbd} gets {@code serverOptions} after the standard options, so they override them. */
    public static LocalMariaDb create(boolean shared, int serverId, List<String> serverOptions) {
        // both binaries are looked up before the instance directory is made, so a missing one leaves nothing behind
        Path mariadbd = findBinary("mariadbd", List.of("/usr/sbin/mariadbd", "/usr/bin/mariadbd", "/usr/sbin/mysqld"));
        Path installDb = findBinary("mariadb-install-db", List.of("/usr/bin/mariadb-install-db",
                "/usr/bin/mysql_install_db", "/usr/scripts/mariadb-install-db"));
        return new LocalMariaDb(shared, serverId, serverOptions, mariadbd, installDb);
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
    protected void initialize() {
        List<String> cmd = new ArrayList<>(List.of(installDb.toString(), "--no-defaults", "--datadir=" + dataDir,
                "--auth-root-authentication-method=normal", "--skip-test-db"));
        cmd.addAll(innodbFileOptions());
        if (WorkDirs.runningAsRoot()) {
            cmd.add("--user=root");
        }
        Processes.Result result = Processes.run(cmd, instanceDir(), Duration.ofMinutes(2));
        if (!result.ok()) {
            throw new TestServerException("mariadb-install-db for the MariaDB test server failed (exit "
                    + result.exitCode() + ", " + describe() + "):\n" + result.output().strip());
        }
    }

    /** Options that shape the InnoDB files, which bootstrap and every start must agree on. */
    private static List<String> innodbFileOptions() {
        return List.of("--innodb-log-file-size=16M", "--innodb-buffer-pool-size=64M");
    }

    @Override
    protected void launch() {
        List<String> cmd = new ArrayList<>(List.of(mariadbd.toString(), "--no-defaults",
                "--datadir=" + dataDir,
                "--socket=" + socket,
                "--port=" + port(),
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
            process = new ProcessBuilder(cmd).directory(instanceDir().toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(instanceDir().resolve("mariadbd.out").toFile()))
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
    protected boolean lostPortRace() {
        return Processes.tail(errorLog, 30).contains("Bind on TCP/IP port");
    }

    @Override
    protected void shutDown(boolean cleanly) {
        if (!cleanly) {
            // the files go anyway: no need for a clean InnoDB shutdown
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(20));
            return;
        }
        process.destroy(); // SIGTERM: mariadbd shuts down cleanly
        if (!waitForExit(Duration.ofSeconds(60))) {
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(10));
            markKilled();
            throw new TestServerException(describe() + " did not stop within 60s of SIGTERM and was killed:\n"
                    + Processes.tail(errorLog, 30));
        }
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
    protected void killProcesses() {
        process.destroyForcibly();
        if (!waitForExit(Duration.ofSeconds(20))) {
            throw new TestServerException("mariadbd of " + describe() + " survived SIGKILL for 20s");
        }
    }

    @Override
    protected boolean processAlive() {
        return process.isAlive();
    }

    @Override
    protected void deleteFiles() {
        super.deleteFiles();
        if (!socket.startsWith(instanceDir())) {
            WorkDirs.deleteQuietly(socket);
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

    /** The unix socket the server listens on. */
    public Path socket() {
        return socket;
    }

    @Override
    protected String describe() {
        return (isShared() ? "shared" : "dedicated") + " local MariaDB server_id " + serverId + " on 127.0.0.1:" + port()
                + " (data " + dataDir + ")";
    }
}
