package dev.tidemark.devserver;

import dev.tidemark.devserver.internal.Commands;
import dev.tidemark.devserver.internal.OsUsers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server started from the binaries installed on this machine, for demos and
 * tests: {@code initdb} into a directory of its own, a free port on 127.0.0.1, trust authentication
 * from loopback (replication included), {@code wal_level=logical}, and {@code fsync} off. When the JVM
 * runs as root the server's binaries run as the {@code postgres} OS user, since PostgreSQL refuses to
 * run as root, and its files belong to that user.
 *
 * <pre>{@code
 * try (ThrowawayPostgres pg = ThrowawayPostgres.builder().start()) {
 *     pg.createDatabase("shop");
 *     try (Connection c = pg.connect("shop")) { ... }
 *     String url = pg.jdbcUrl("shop");   // jdbc:postgresql://127.0.0.1:<port>/shop?user=postgres
 * }                                      // stopped, and its files deleted
 * }</pre>
 *
 * <p>Lifecycle: {@link #start()} runs {@code initdb} the first time and returns once the server
 * accepts connections; {@link #stop()} shuts it down cleanly and keeps its files, so {@code start()}
 * brings it back on the same port with its data; {@link #kill()} kills its processes as a crash would;
 * {@link #close()} stops it and deletes its directory. A server built with
 * {@link Builder#closeOnExit(boolean) closeOnExit} (the default) is also closed by a shutdown hook when
 * the JVM exits first. The lifecycle methods are synchronized; the accessors may be called from any
 * thread. Failures throw {@link DevServerException} with the tail of the server's log.
 *
 * <p>Layout of the instance directory: {@code data/} (PGDATA, also the unix socket directory when its
 * path is short enough) and {@code postgres.log}.
 */
public final class ThrowawayPostgres extends ServerLifecycle {
    /** The OS user the server runs as when the JVM is root. */
    public static final String OS_USER = "postgres";
    /** The superuser initdb creates; it needs no password from 127.0.0.1. */
    public static final String SUPERUSER = "postgres";
    /** The directory holding the installed versions' {@code bin} directories on Debian and Ubuntu. */
    public static final Path INSTALL_ROOT = Path.of("/usr/lib/postgresql");

    /** sun_path holds 108 bytes; past that the server cannot create its socket in the data directory. */
    private static final int MAX_SOCKET_PATH = 100;
    private static final Set<String> RESERVED = Set.of("listen_addresses", "port", "unix_socket_directories");
    private static final Pattern SETTING_NAME = Pattern.compile("[a-z_][a-z0-9_.]*");

    private final Path binDir;
    private final Map<String, String> settings;

    private ThrowawayPostgres(Builder b, Path binDir) {
        super(b.instanceDir != null ? b.instanceDir.toAbsolutePath() : newTempDirectory(), "postgres.log",
                b.startTimeout, b.closeOnExit);
        this.binDir = binDir;
        this.settings = Map.copyOf(b.settings);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The {@code bin} directory of the newest PostgreSQL under {@code /usr/lib/postgresql}, as the
     * {@code postgresql-NN} packages install it.
     *
     * @throws DevServerException when none is installed, saying what to install
     */
    public static Path newestInstalledBinDirectory() {
        try (Stream<Path> versions = Files.isDirectory(INSTALL_ROOT) ? Files.list(INSTALL_ROOT) : Stream.empty()) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .filter(v -> Files.isExecutable(v.resolve("bin/postgres")) && Files.isExecutable(v.resolve("bin/initdb")))
                    .max(Comparator.comparingDouble(v -> Double.parseDouble(v.getFileName().toString())))
                    .map(v -> v.resolve("bin"))
                    .orElseThrow(() -> new DevServerException("no PostgreSQL server binaries under " + INSTALL_ROOT
                            + "/<version>/bin: install them (apt-get install postgresql-15), or name a bin directory"
                            + " with ThrowawayPostgres.Builder.binDirectory"));
        } catch (IOException e) {
            throw new DevServerException("cannot list " + INSTALL_ROOT + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether the {@value #OS_USER} OS user, which runs the server when the JVM is root, can reach
     * {@code directory} (search it and all its parents), so the server may keep its files there once
     * {@link #start()} has made it their owner; always true when the JVM is not root. For callers
     * choosing an {@link Builder#instanceDirectory(Path) instance directory} with a fallback.
     */
    public static boolean osUserCanReach(Path directory) {
        return osUserPasses("-x", directory.toAbsolutePath());
    }

    /** Whether {@code test <flag> <path>} succeeds as the server's OS user; true when not root. */
    private static boolean osUserPasses(String flag, Path path) {
        return !OsUsers.runningAsRoot() || Commands.run(List.of("runuser", "-u", OS_USER, "--", "test", flag,
                path.toString()), null, Duration.ofSeconds(10)).ok();
    }

    @Override
    String lostPortMessage() {
        return "could not bind";
    }

    /** pg_ctl's fast mode: the server finishes nothing more, but shuts down cleanly. */
    @Override
    void shutDown() {
        shutDown("fast");
    }

    @Override
    void shutDownForClose() {
        try {
            shutDown("immediate");
        } catch (DevServerException e) {
            // killing is the fallback: the files must not be held by a server left running
            try {
                killProcesses();
            } catch (DevServerException ignored) {
                // nothing more to try; deleting still frees most of the space
            }
        }
    }

    /**
     * Kills the postmaster and its backends with SIGKILL and waits until they are gone. Committed data
     * survives (synchronous_commit stays on).
     */
    @Override
    void killProcesses() {
        long pid = postmasterPid().orElseThrow(() -> new DevServerException(
                "cannot kill " + this + ": no postmaster.pid in " + dataDir));
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(() -> new DevServerException(
                "cannot kill " + this + ": postmaster pid " + pid + " is gone"));
        // the backends go too: a surviving backend would keep the shared memory attached and make the
        // next start refuse to run
        List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
        all.add(0, postmaster);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle ph : all) {
            try {
                ph.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new DevServerException("process " + ph.pid() + " of " + this + " survived SIGKILL for 20s", e);
            }
        }
    }

    /** The superuser, {@value #SUPERUSER}. */
    public String user() {
        return SUPERUSER;
    }

    /** A pgjdbc URL for {@code database} as the superuser, who needs no password. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database + "?user=" + SUPERUSER;
    }

    /** The directory holding {@code postgres}, {@code pg_ctl}, {@code pg_recvlogical}… */
    public Path binDirectory() {
        return binDir;
    }

    @Override
    String adminDatabase() {
        return "postgres";
    }

    @Override
    String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    void initialize() {
        try {
            Files.createDirectories(instanceDir);
            if (OsUsers.runningAsRoot()) {
                OsUsers.chown(instanceDir, OS_USER);
            }
        } catch (IOException e) {
            throw new DevServerException("cannot create " + instanceDir + " for " + this + ": " + e.getMessage(), e);
        }
        if (!osUserPasses("-w", instanceDir)) {
            throw new DevServerException("the " + OS_USER + " OS user, which runs the server when the JVM is root,"
                    + " cannot reach " + instanceDir + ": choose an instance directory whose parents it may search"
                    + " (not below a private home or temporary directory)");
        }
        Commands.Result result = runBinary("initdb", List.of("-D", dataDir.toString(), "-U", SUPERUSER, "-A", "trust",
                "-E", "UTF8", "--no-locale", "--no-sync"), Duration.ofMinutes(2));
        if (!result.ok()) {
            throw new DevServerException("initdb of " + this + " failed (exit " + result.exitCode() + "):\n"
                    + result.output().strip());
        }
        try {
            // replace the generated pg_hba.conf: trust on loopback, replication included
            writeAsServer(dataDir.resolve("pg_hba.conf"), String.join("\n",
                    "# written by tidemark-devserver: trust everything on loopback, this server is private and throwaway",
                    "local   all             all                     trust",
                    "local   replication     all                     trust",
                    "host    all             all     127.0.0.1/32    trust",
                    "host    replication     all     127.0.0.1/32    trust", ""));
            Files.writeString(dataDir.resolve("postgresql.conf"), "\ninclude 'tidemark.conf'\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new DevServerException("cannot configure " + this + ": " + e.getMessage(), e);
        }
    }

    /** Settings rewritten before each start, so a port change on retry takes effect. */
    private void writeConfig() {
        int port = port();
        boolean socketFits = dataDir.resolve(".s.PGSQL." + port).toString().length() <= MAX_SOCKET_PATH;
        Map<String, String> all = new LinkedHashMap<>();
        all.put("listen_addresses", "'127.0.0.1'");
        all.put("port", Integer.toString(port));
        // a long path would not fit a socket address; TCP alone is enough then
        all.put("unix_socket_directories", "'" + (socketFits ? dataDir.toString().replace("'", "''") : "") + "'");
        all.putAll(Builder.DEFAULTS);
        all.putAll(settings);
        StringBuilder conf = new StringBuilder("# written by tidemark-devserver before each start\n");
        all.forEach((name, value) -> conf.append(name).append(" = ").append(value).append('\n'));
        try {
            writeAsServer(dataDir.resolve("tidemark.conf"), conf.toString());
        } catch (IOException e) {
            throw new DevServerException("cannot write the configuration of " + this + ": " + e.getMessage(), e);
        }
    }

    @Override
    void launch() {
        writeConfig();
        Commands.Result result = runBinary("pg_ctl", List.of("-D", dataDir.toString(), "-l", logFile.toString(), "-w",
                "-t", Long.toString(startTimeout.toSeconds()), "-s", "start"), startTimeout.plusSeconds(10));
        if (!result.ok()) {
            throw new DevServerException("PostgreSQL did not start (" + this + "):\n" + result.output().strip()
                    + "\n--- last lines of " + logFile + " ---\n" + Commands.tail(logFile, 40));
        }
    }

    private void shutDown(String mode) {
        runBinary("pg_ctl", List.of("-D", dataDir.toString(), "-m", mode, "-w", "-t", "60", "-s", "stop"),
                Duration.ofSeconds(70)).orThrow("stopping " + this);
    }

    private void writeAsServer(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        if (OsUsers.runningAsRoot()) {
            OsUsers.chown(file, OS_USER);
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

    private Commands.Result runBinary(String name, List<String> args, Duration timeout) {
        List<String> cmd = new ArrayList<>(OsUsers.asUser(OS_USER));
        cmd.add(binDir.resolve(name).toString());
        cmd.addAll(args);
        return Commands.run(cmd, instanceDir, timeout);
    }

    private static Path newTempDirectory() {
        try {
            Path dir = Files.createTempDirectory("tidemark-pg-");
            if (OsUsers.runningAsRoot()) {
                OsUsers.chown(dir, OS_USER);
            }
            return dir;
        } catch (IOException e) {
            throw new DevServerException("cannot create a directory for a throwaway PostgreSQL under "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage()
                    + "; name one with ThrowawayPostgres.Builder.instanceDirectory", e);
        }
    }

    /** PostgreSQL on its address, with its binaries and data directory, for messages. */
    @Override
    public String toString() {
        return "throwaway PostgreSQL on 127.0.0.1:" + port() + " (binaries " + binDir + ", data " + dataDir + ")";
    }

    /** Options of a {@link ThrowawayPostgres}; each setter checks its value at once. */
    public static final class Builder {
        /**
         * Speed over durability against OS crashes: the server is throwaway. synchronous_commit stays
         * on, so each commit reaches the OS before it returns: a SIGKILL of the server ({@link ThrowawayPostgres#kill()})
         * keeps committed data, and logical decoding, which reads only flushed WAL, sees a commit as
         * soon as it returns.
         */
        static final Map<String, String> DEFAULTS = defaults();

        private Path binDir;
        private Path instanceDir;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private Duration startTimeout = Duration.ofSeconds(90);
        private boolean closeOnExit = true;

        private Builder() {
        }

        private static Map<String, String> defaults() {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("wal_level", "logical");
            d.put("max_replication_slots", "32");
            d.put("max_wal_senders", "32");
            d.put("max_connections", "200");
            d.put("shared_buffers", "64MB");
            d.put("fsync", "off");
            d.put("synchronous_commit", "on");
            d.put("full_page_writes", "off");
            d.put("timezone", "'UTC'");
            d.put("log_timezone", "'UTC'");
            d.put("log_line_prefix", "'%m [%p] %q%a '");
            return d;
        }

        /** The directory holding {@code initdb}, {@code pg_ctl} and {@code postgres}; default {@link #newestInstalledBinDirectory()}. */
        public Builder binDirectory(Path binDirectory) {
            Objects.requireNonNull(binDirectory, "binDirectory");
            if (!Files.isExecutable(binDirectory.resolve("postgres")) || !Files.isExecutable(binDirectory.resolve("initdb"))) {
                throw new IllegalArgumentException(binDirectory + " holds no executable 'postgres' and 'initdb'; name a"
                        + " PostgreSQL bin directory such as /usr/lib/postgresql/15/bin");
            }
            this.binDir = binDirectory;
            return this;
        }

        /**
         * The directory the server owns and {@link #close()} deletes: absent or empty; default a new
         * directory {@code tidemark-pg-*} in the system temporary directory. When the JVM is root it
         * must be reachable by the {@value #OS_USER} OS user.
         */
        public Builder instanceDirectory(Path instanceDirectory) {
            this.instanceDir = checkNewInstanceDirectory(instanceDirectory);
            return this;
        }

        /**
         * A {@code postgresql.conf} setting, written as given ({@code "'UTC'"} for a string). Overrides
         * the defaults ({@code wal_level = logical}, 32 slots and WAL senders, 200 connections,
         * {@code fsync = off}, {@code timezone = 'UTC'}…); the address, port and socket directory are
         * the server's own and refused.
         */
        public Builder setting(String name, String value) {
            Objects.requireNonNull(value, "value");
            if (name == null || !SETTING_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a PostgreSQL setting name");
            }
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException(name + " is chosen by ThrowawayPostgres itself and cannot be set");
            }
            if (value.contains("\n")) {
                throw new IllegalArgumentException("the value of " + name + " holds a line break");
            }
            settings.put(name, value);
            return this;
        }

        /** How long a start may take before it fails; default 90 seconds. */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = checkStartTimeout(timeout);
            return this;
        }

        /**
         * Whether a shutdown hook closes the server (stopping it, deleting its files) when the JVM exits
         * before {@link #close()} was called; default true. Turn it off only when something else closes it.
         */
        public Builder closeOnExit(boolean closeOnExit) {
            this.closeOnExit = closeOnExit;
            return this;
        }

        /** The server, not yet started. */
        public ThrowawayPostgres build() {
            return new ThrowawayPostgres(this, binDir != null ? binDir : newestInstalledBinDirectory());
        }

        /** The server, started: {@code build()} then {@link ThrowawayPostgres#start()}, closed again if the start fails. */
        public ThrowawayPostgres start() {
            return started(build());
        }
    }
}
