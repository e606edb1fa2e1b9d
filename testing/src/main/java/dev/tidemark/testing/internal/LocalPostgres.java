package dev.tidemark.testing.internal;

import dev.tidemark.testing.PostgresServer;
import dev.tidemark.testing.TestServerException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server run from the installed binaries. Layout of its instance directory:
 * {@code data/} (PGDATA, also the unix socket directory), {@code postgres.log}, {@code jvm.pid}.
 *
 * <p>PostgreSQL refuses to run as root, so when the JVM is root every binary runs through
 * {@code runuser -u postgres} and the instance directory belongs to {@code postgres}.
 */
public final class LocalPostgres extends LocalServer implements PostgresServer {
    private static final String OS_USER = "postgres";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** sun_path holds 108 bytes; past that the server cannot create its socket in the data directory. */
    private static final int MAX_SOCKET_PATH = 100;

    private final Path binDir;
    private final Path dataDir;
    private final Path logFile;

    private LocalPostgres(boolean shared, Path binDir) {
        super(shared, Dialect.POSTGRES, "pg", Optional.of(OS_USER));
        this.binDir = binDir;
        this.dataDir = dataDirectory();
        this.logFile = instanceDir().resolve("postgres.log");
    }

    /** A new server, not yet started. */
    public static LocalPostgres create(boolean shared) {
        return new LocalPostgres(shared, findBinDir());
    }

    /** {@code TIDEMARK_TEST_PG_BIN}, else the newest {@code /usr/lib/postgresql/<major>/bin}. */
    static Path findBinDir() {
        Optional<String> configured = Env.get(Env.PG_BIN);
        if (configured.isPresent()) {
            Path dir = Path.of(configured.get());
            if (!Files.isExecutable(dir.resolve("postgres"))) {
                throw new TestServerException(Env.PG_BIN + "=" + dir + " holds no executable 'postgres'; point it at a "
                        + "PostgreSQL bin directory such as /usr/lib/postgresql/15/bin");
            }
            return dir;
        }
        Path root = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.isDirectory(root) ? Files.list(root) : Stream.empty()) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .filter(v -> Files.isExecutable(v.resolve("bin/postgres")) && Files.isExecutable(v.resolve("bin/initdb")))
                    .max(Comparator.comparingDouble(v -> Double.parseDouble(v.getFileName().toString())))
                    .map(v -> v.resolve("bin"))
                    .orElseThrow(() -> new TestServerException("no PostgreSQL server binaries under " + root
                            + "/<version>/bin: install them (apt-get install postgresql-15), set " + Env.PG_BIN
                            + " to a bin directory, or set " + Env.PG_URL + " to an existing server"));
        } catch (IOException e) {
            throw new TestServerException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected void initialize() {
        Processes.Result result = runBinary("initdb", List.of("-D", dataDir.toString(), "-U", user(), "-A", "trust",
                "-E", "UTF8", "--no-locale", "--no-sync"), Duration.ofMinutes(2));
        if (!result.ok()) {
            throw new TestServerException("initdb of the PostgreSQL test server failed (exit " + result.exitCode()
                    + ", " + describe() + "):\n" + result.output().strip());
        }
        try {
            // replace the generated pg_hba.conf: trust on loopback, replication included
            writeAsServer(dataDir.resolve("pg_hba.conf"), String.join("\n",
                    "# written by tidemark-testing: trust everything on loopback, this server is private to one test JVM",
                    "local   all             all                     trust",
                    "local   replication     all                     trust",
                    "host    all             all     127.0.0.1/32    trust",
                    "host    replication     all     127.0.0.1/32    trust", ""));
            Files.writeString(dataDir.resolve("postgresql.conf"), "\ninclude 'tidemark.conf'\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new TestServerException("cannot configure " + describe() + ": " + e.getMessage(), e);
        }
    }

    /** Settings rewritten before each start, so a port change on retry takes effect. */
    private void writeConfig() {
        boolean socketFits = dataDir.resolve(".s.PGSQL." + port()).toString().length() <= MAX_SOCKET_PATH;
        String conf = String.join("\n",
                "# written by tidemark-testing before each start",
                "listen_addresses = '127.0.0.1'",
                "port = " + port(),
                // a long path would not fit a socket address; TCP alone is enough for the tests then
                "unix_socket_directories = '" + (socketFits ? dataDir.toString().replace("'", "''") : "") + "'",
                "wal_level = logical",
                "max_replication_slots = 32",
                "max_wal_senders = 32",
                "max_connections = 200",
                "shared_buffers = 64MB",
                // speed over durability against OS crashes: the server lives as long as the test JVM.
                // synchronous_commit stays on: each commit still reaches the OS before it returns, so
                // a SIGKILL of the server (kill()) keeps committed data, and logical decoding, which
                // reads only flushed WAL, sees a commit as soon as it returns
                "fsync = off",
                "synchronous_commit = on",
                "full_page_writes = off",
                "timezone = 'UTC'",
                "log_timezone = 'UTC'",
                "log_line_prefix = '%m [%p] %q%a '",
                "");
        try {
            writeAsServer(dataDir.resolve("tidemark.conf"), conf);
        } catch (IOException e) {
            throw new TestServerException("cannot write the configuration of " + describe() + ": " + e.getMessage(), e);
        }
    }

    private void writeAsServer(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        if (WorkDirs.runningAsRoot()) {
            WorkDirs.chown(file, OS_USER);
        }
    }

    @Override
    protected void launch() {
        writeConfig();
        Processes.Result result = pgCtl(List.of("-D", dataDir.toString(), "-l", logFile.toString(), "-w",
                "-t", Long.toString(START_TIMEOUT.toSeconds()), "-s", "start"), START_TIMEOUT.plusSeconds(10));
        if (!result.ok()) {
            throw new TestServerException("PostgreSQL test server did not start (" + describe() + "):\n"
                    + result.output().strip() + "\n--- last lines of " + logFile + " ---\n" + Processes.tail(logFile, 40));
        }
    }

    @Override
    protected boolean lostPortRace() {
        return Processes.tail(logFile, 40).contains("could not bind");
    }

    @Override
    protected void shutDown(boolean cleanly) {
        // immediate is enough when the files go anyway; it still releases the shared memory
        pgCtl(List.of("-D", dataDir.toString(), "-m", cleanly ? "fast" : "immediate", "-w", "-t", "60", "-s", "stop"),
                Duration.ofSeconds(70)).orThrow("stopping " + describe());
    }

    @Override
    protected void killProcesses() {
        long pid = postmasterPid().orElseThrow(() -> new TestServerException(
                "cannot kill " + describe() + ": no postmaster.pid in " + dataDir));
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(() -> new TestServerException(
                "cannot kill " + describe() + ": postmaster pid " + pid + " is gone"));
        // the backends go too: a crash takes the whole server down, and a surviving backend would keep
        // the shared memory attached and make the next start refuse to run
        List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
        all.add(0, postmaster);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle ph : all) {
            try {
                ph.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new TestServerException("process " + ph.pid() + " of " + describe() + " survived SIGKILL for 20s", e);
            }
        }
    }

    private Optional<Long> postmasterPid() {
        try {
            Path pidFile = dataDir.resolve("postmaster.pid");
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            return Optional.of(Long.parseLong(Files.readAllLines(pidFile).get(0).trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Processes.Result pgCtl(List<String> args, Duration timeout) {
        return runBinary("pg_ctl", args, timeout);
    }

    private Processes.Result runBinary(String name, List<String> args, Duration timeout) {
        List<String> cmd = new ArrayList<>(WorkDirs.asUser(OS_USER));
        cmd.add(binDir.resolve(name).toString());
        cmd.addAll(args);
        return Processes.run(cmd, instanceDir(), timeout);
    }

    @Override
    public Path pgBinDir() {
        return binDir;
    }

    @Override
    protected String describe() {
        return (isShared() ? "shared" : "dedicated") + " local PostgreSQL on 127.0.0.1:" + port() + " (binaries "
                + binDir + ", data " + dataDir + ")";
    }
}
